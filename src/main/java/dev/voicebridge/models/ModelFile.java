package dev.voicebridge.models;

/** One file of a model package: its path inside the package directory, its size and its pinned sha256. */
public record ModelFile(String path, long size, String sha256) {
}
