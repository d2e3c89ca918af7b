package io.github.yandexart.cli;

import io.github.yandexart.AspectRatio;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationOptions;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code yandexart generate PROMPT ...}: submit, wait, write the image. */
@Command(name = GenerateCommand.NAME, mixinStandardHelpOptions = true, description = GenerateCommand.ABOUT)
final class GenerateCommand implements Callable<Integer> {
  static final String NAME = "generate";
  static final String ABOUT = "Generate an image from PROMPT and write it to a file.";

  @ParentCommand
  YandexArtCli cli;

  @Mixin
  Common common;

  @Mixin
  WaitOptions waiting;

  @Parameters(index = "0", paramLabel = "PROMPT", description = "What to draw (at most 500 characters).")
  String prompt;

  @Option(names = "--negative", paramLabel = "TEXT", description = "What to avoid; may repeat.")
  List<String> negative = new ArrayList<>();

  @Option(names = "--seed", paramLabel = "N", description = "Seed: the same prompt and seed give the same image.")
  Long seed;

  @Option(names = "--aspect-ratio", paramLabel = "W:H", description = "Width to height, such as 16:9.")
  String aspectRatio;

  @Option(names = "--mime-type", paramLabel = "T", description = "Image type (the service supports image/jpeg).")
  String mimeType;

  @Option(names = "--model", paramLabel = "URI", description = "Model URI (default art://<folder>/yandex-art/latest).")
  String model;

  @Option(names = "--folder-id", paramLabel = "ID", description = "Folder (default: $YC_FOLDER_ID).")
  String folderId;

  @Option(names = "--no-wait", description = "Print only the operation id and exit; resume with 'yandexart wait'.")
  boolean noWait;

  @Override
  public Integer call() {
    // Where the image goes is checked before the paid submit, not after it.
    ImageFile place = noWait ? null : ImageFile.check(cli.workingDir, waiting.output, waiting.force);
    try (Session session = Session.open(common, cli.env, Session.policy(common, waiting.timeout, waiting.pollInterval))) {
      ImageGenerationRequest request = request(session);
      String id = session.client().submit(request).id();
      if (noWait) {
        cli.out.println(Untrusted.clean(id));
        return YandexArtCli.DONE;
      }
      try {
        GeneratedImage image = Waiting.await(cli, session, common, id, "operation " + id + " submitted; waiting",
            place.sink());
        return cli.deliver(place, id, image, common);
      } finally {
        place.discard(); // what a failed wait left half written
      }
    }
  }

  private ImageGenerationRequest request(Session session) {
    ModelUri modelUri;
    if (model != null) {
      modelUri = ModelUri.parse(model);
    } else {
      String folder = folderId != null ? folderId : session.config().folderId().orElseThrow(() ->
          new IllegalArgumentException("no folder: set YC_FOLDER_ID or pass --folder-id (or --model)"));
      modelUri = ModelUri.of(folder);
    }
    ImageGenerationOptions.Builder options = ImageGenerationOptions.builder().mimeType(mimeType);
    if (seed != null) {
      options.seed(seed);
    }
    if (aspectRatio != null) {
      options.aspectRatio(AspectRatio.parse(aspectRatio));
    }
    ImageGenerationRequest.Builder b = ImageGenerationRequest.builder()
        .modelUri(modelUri).addMessage(prompt).options(options.build());
    negative.forEach(text -> b.addMessage(text, -1));
    return b.build();
  }
}
