package io.github.yandexart.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import io.github.yandexart.proto.imagegeneration.ImageGenerationAsyncServiceGrpc;
import io.github.yandexart.proto.imagegeneration.ImageGenerationProto;
import io.github.yandexart.proto.imagegeneration.ImageGenerationResponse;
import io.github.yandexart.proto.imagegeneration.ImageGenerationServiceProto;
import io.github.yandexart.proto.operation.Operation;
import io.github.yandexart.proto.operation.OperationProto;
import io.github.yandexart.proto.operation.OperationServiceGrpc;
import io.github.yandexart.proto.operation.OperationServiceProto;
import io.grpc.MethodDescriptor.MethodType;
import org.junit.jupiter.api.Test;

class ServiceDescriptorTest {

  private static final String IMAGE_GENERATION_PACKAGE = "yandex.cloud.ai.foundation_models.v1.image_generation";

  @Test
  void generateHasTheServiceFullMethodName() {
    io.grpc.MethodDescriptor<?, ?> generate = ImageGenerationAsyncServiceGrpc.getGenerateMethod();

    assertThat(ImageGenerationAsyncServiceGrpc.SERVICE_NAME)
        .isEqualTo(IMAGE_GENERATION_PACKAGE + ".ImageGenerationAsyncService");
    assertThat(generate.getFullMethodName())
        .isEqualTo("yandex.cloud.ai.foundation_models.v1.image_generation.ImageGenerationAsyncService/Generate");
    assertThat(generate.getType()).isEqualTo(MethodType.UNARY);
  }

  @Test
  void operationServiceHasGetAndCancelFullMethodNames() {
    assertThat(OperationServiceGrpc.SERVICE_NAME).isEqualTo("yandex.cloud.operation.OperationService");
    assertThat(OperationServiceGrpc.getGetMethod().getFullMethodName())
        .isEqualTo("yandex.cloud.operation.OperationService/Get");
    assertThat(OperationServiceGrpc.getCancelMethod().getFullMethodName())
        .isEqualTo("yandex.cloud.operation.OperationService/Cancel");
    assertThat(OperationServiceGrpc.getGetMethod().getType()).isEqualTo(MethodType.UNARY);
    assertThat(OperationServiceGrpc.getCancelMethod().getType()).isEqualTo(MethodType.UNARY);
  }

  @Test
  void everyMethodReturnsTheSharedOperationMessage() {
    assertThat(generateDescriptor().getInputType().getFullName())
        .isEqualTo(IMAGE_GENERATION_PACKAGE + ".ImageGenerationRequest");
    assertThat(generateDescriptor().getOutputType()).isEqualTo(Operation.getDescriptor());
    assertThat(operationMethod("Get").getInputType().getFullName())
        .isEqualTo("yandex.cloud.operation.GetOperationRequest");
    assertThat(operationMethod("Get").getOutputType()).isEqualTo(Operation.getDescriptor());
    assertThat(operationMethod("Cancel").getInputType().getFullName())
        .isEqualTo("yandex.cloud.operation.CancelOperationRequest");
    assertThat(operationMethod("Cancel").getOutputType()).isEqualTo(Operation.getDescriptor());
  }

  @Test
  void httpRulesMatchTheRestTranscoder() {
    HttpRule generate = generateDescriptor().getOptions().getExtension(AnnotationsProto.http);
    HttpRule get = operationMethod("Get").getOptions().getExtension(AnnotationsProto.http);
    HttpRule cancel = operationMethod("Cancel").getOptions().getExtension(AnnotationsProto.http);

    assertThat(generate.getPost()).isEqualTo("/foundationModels/v1/imageGenerationAsync");
    assertThat(generate.getBody()).isEqualTo("*");
    assertThat(get.getGet()).isEqualTo("/operations/{operation_id}");
    assertThat(cancel.getGet()).isEqualTo("/operations/{operation_id}:cancel");
  }

  @Test
  void protoFilesKeepUpstreamPathsAndPackages() {
    assertFile(ImageGenerationProto.getDescriptor(),
        "yandex/cloud/ai/foundation_models/v1/image_generation/image_generation.proto", IMAGE_GENERATION_PACKAGE);
    assertFile(ImageGenerationServiceProto.getDescriptor(),
        "yandex/cloud/ai/foundation_models/v1/image_generation/image_generation_service.proto",
        IMAGE_GENERATION_PACKAGE);
    assertFile(OperationProto.getDescriptor(), "yandex/cloud/operation/operation.proto", "yandex.cloud.operation");
    assertFile(OperationServiceProto.getDescriptor(),
        "yandex/cloud/operation/operation_service.proto", "yandex.cloud.operation");
  }

  @Test
  void errorAndResponseShareTheResultOneof() {
    assertThat(Operation.getDescriptor().findFieldByName("error").getContainingOneof().getName())
        .isEqualTo("result");
    assertThat(Operation.getDescriptor().findFieldByName("response").getContainingOneof().getName())
        .isEqualTo("result");
  }

  @Test
  void packedGenerationResponseCarriesTheUpstreamTypeUrl() throws Exception {
    ImageGenerationResponse response =
        ImageGenerationResponse.newBuilder().setImage(ByteString.copyFromUtf8("jpeg")).build();

    Any packed = Any.pack(response);

    assertThat(packed.getTypeUrl()).isEqualTo(
        "type.googleapis.com/yandex.cloud.ai.foundation_models.v1.image_generation.ImageGenerationResponse");
    assertThat(packed.is(ImageGenerationResponse.class)).isTrue();
    assertThat(packed.unpack(ImageGenerationResponse.class)).isEqualTo(response);
  }

  private static MethodDescriptor generateDescriptor() {
    return ImageGenerationServiceProto.getDescriptor()
        .findServiceByName("ImageGenerationAsyncService")
        .findMethodByName("Generate");
  }

  private static MethodDescriptor operationMethod(String name) {
    return OperationServiceProto.getDescriptor().findServiceByName("OperationService").findMethodByName(name);
  }

  private static void assertFile(FileDescriptor file, String path, String protoPackage) {
    assertThat(file.getName()).isEqualTo(path);
    assertThat(file.getPackage()).isEqualTo(protoPackage);
  }
}
