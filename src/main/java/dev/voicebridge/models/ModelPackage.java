package dev.voicebridge.models;

import java.util.List;

/**
 * A set of model files installed together into one directory under the models directory, unpacked from
 * one archive: {@code entryPrefix + file.path()} inside the archive becomes {@code dir/file.path()}.
 */
public record ModelPackage(
    String id,
    String dir,
    String description,
    ArchiveSource source,
    String entryPrefix,
    List<ModelFile> files,
    String licence) {

  public ModelPackage {
    files = List.copyOf(files);
  }

  public long totalBytes() {
    return files.stream().mapToLong(ModelFile::size).sum();
  }
}
