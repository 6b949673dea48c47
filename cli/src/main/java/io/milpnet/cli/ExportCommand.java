package io.milpnet.cli;

import io.milpnet.formulation.network.TrainedNetwork;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code milpnet export}: a trained network ({@code network.json} or its run directory) as an ONNX model with its
 * input scaling, to run in onnxruntime, PyTorch or any ONNX tool.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Write a network trained by milpnet (network.json) as an ONNX model, input scaling included.",
        "Exit code 0 when the file was written, 2 on bad input."})
public final class ExportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--network", required = true, paramLabel = "NET",
      description = "A network.json written by `milpnet train`, or its run directory.")
  Path network;

  @Option(names = "--onnx", required = true, paramLabel = "FILE.onnx",
      description = "The ONNX file to write (replaced atomically if it exists).")
  Path onnx;

  @Override
  public Integer call() {
    OnnxTarget target = OnnxTarget.forFile(onnx, "--onnx");
    TrainedNetwork net = LoadedNetwork.load(network).trained;
    if (net == null) {
      throw new UserInputException("--network '" + network + "' is not a network of `milpnet train`: export writes"
          + " a network.json (or its run directory) as ONNX");
    }
    target.write(net);
    spec.commandLine().getOut().printf("wrote %s (ONNX opset 13: %d inputs of raw features, %d outputs, %d layers)%n",
        onnx, net.numInputs(), net.layers().get(net.layers().size() - 1).units(), net.layers().size());
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }
}
