package io.milpnet.formulation.layer.dense;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.layer.ArchTokens;
import io.milpnet.formulation.layer.JsonFields;
import io.milpnet.formulation.layer.LayerKind;
import io.milpnet.formulation.spec.Shape;
import io.milpnet.formulation.train.EncodedLayer;
import io.milpnet.formulation.train.LayerAssembly;
import io.milpnet.formulation.train.LayerSignals;
import io.milpnet.formulation.verify.AffineVerification;
import io.milpnet.formulation.verify.VerificationLayer;

/** {@code dense:N[/act]}: a fully connected layer, ReLU unless an activation is given. */
public final class DenseKind implements LayerKind<DenseSpec, DenseLayer> {
  public static final String KEY = "dense";

  /** Whether {@code spec} is a dense layer. */
  public static boolean isDense(io.milpnet.formulation.spec.LayerSpec spec) {
    return spec instanceof DenseSpec;
  }

  /** Whether {@code spec} is a dense ReLU layer (the sign-output theory of one ReLU hidden layer needs one). */
  public static boolean isRelu(io.milpnet.formulation.spec.LayerSpec spec) {
    return spec instanceof DenseSpec d && d.activation() == Activation.RELU;
  }

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public String usage() {
    return "dense:N[/act]";
  }

  @Override
  public Class<DenseSpec> specType() {
    return DenseSpec.class;
  }

  @Override
  public Class<DenseLayer> layerType() {
    return DenseLayer.class;
  }

  @Override
  public DenseSpec parse(String args, String token, String arch) {
    String[] parts = ArchTokens.sized(args, token, arch, "dense:4");
    if (parts.length > 2) {
      throw ArchTokens.error(token, arch, "has more than one suffix");
    }
    int units = ArchTokens.positive(parts[0], "units", token, arch);
    return new DenseSpec(units, parts.length == 2 ? ArchTokens.activation(parts[1], token, arch) : Activation.RELU);
  }

  @Override
  public DenseLayer zeroLayer(DenseSpec spec, Shape in) {
    return new DenseLayer(new double[spec.units()][in.size()], new double[spec.units()], spec.activation(), "float");
  }

  @Override
  public void write(DenseLayer layer, ObjectNode node, boolean[] live) {
    JsonFields.putUnits(node, layer, live);
    JsonFields.putMatrix(node, "weights", layer.weights());
    JsonFields.putDoubles(node, "bias", layer.bias());
  }

  @Override
  public DenseLayer read(JsonNode node, String source) {
    var activation = JsonFields.activation(node, source);
    double[] bias = JsonFields.doubles(node, "bias", source);
    return new DenseLayer(JsonFields.matrix(node, "weights", source), bias, activation, JsonFields.domain(node));
  }

  @Override
  public EncodedLayer encode(DenseSpec spec, int number, Shape in, boolean hidden, LayerSignals signals,
      LayerAssembly assembly) {
    return EncodedDenseLayer.build(spec, number, in, hidden, signals, assembly);
  }

  @Override
  public VerificationLayer verification(DenseLayer layer) {
    return new AffineVerification(layer);
  }
}
