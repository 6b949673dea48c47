package io.milpnet.formulation.layer.conv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.Locale;

/** {@code conv:C@KxK[/S][/act]}: a valid 2-D convolution with shared kernels, ReLU unless an activation is given. */
public final class ConvKind implements LayerKind<ConvSpec, ConvLayer> {
  public static final String KEY = "conv";

  /** Whether {@code spec} is a convolution. */
  public static boolean isConv(io.milpnet.formulation.spec.LayerSpec spec) {
    return spec instanceof ConvSpec;
  }

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public String usage() {
    return "conv:C@KxK[/S][/act]";
  }

  @Override
  public Class<ConvSpec> specType() {
    return ConvSpec.class;
  }

  @Override
  public Class<ConvLayer> layerType() {
    return ConvLayer.class;
  }

  @Override
  public ConvSpec parse(String args, String token, String arch) {
    String[] parts = ArchTokens.sized(args, token, arch, "conv:2@3x3");
    String[] ck = parts[0].trim().toLowerCase(Locale.ROOT).split("@", -1);
    String[] kk = ck.length == 2 ? ck[1].split("x", -1) : new String[0];
    if (ck.length != 2 || kk.length != 2) {
      throw ArchTokens.error(token, arch, "is not conv:C@KxK (e.g. conv:2@3x3, or conv:2@3x3/2 for stride 2)");
    }
    int channels = ArchTokens.positive(ck[0], "channels", token, arch);
    int k = ArchTokens.positive(kk[0], "kernel size", token, arch);
    if (ArchTokens.positive(kk[1], "kernel size", token, arch) != k) {
      throw ArchTokens.error(token, arch, "needs a square kernel KxK");
    }
    int stride = 1;
    Activation act = Activation.RELU;
    for (int p = 1; p < parts.length; p++) {
      String suffix = parts[p].trim();
      if (!suffix.isEmpty() && Character.isDigit(suffix.charAt(0))) {
        stride = ArchTokens.positive(suffix, "stride", token, arch);
      } else {
        act = ArchTokens.activation(suffix, token, arch);
      }
    }
    return new ConvSpec(channels, k, stride, act);
  }

  @Override
  public ConvLayer zeroLayer(ConvSpec spec, Shape in) {
    return new ConvLayer(in, spec.stride(), new double[spec.channels()][in.channels()][spec.kernel()][spec.kernel()],
        new double[spec.channels()], spec.activation(), "float");
  }

  @Override
  public void write(ConvLayer layer, ObjectNode node, boolean[] live) {
    node.put("inputShape", layer.inputShape().toString());
    node.put("channels", layer.channels());
    node.put("kernel", layer.kernel());
    node.put("stride", layer.stride());
    JsonFields.putUnits(node, layer, live);
    ArrayNode filters = node.putArray("activeFilters");
    for (int c = 0; c < layer.channels(); c++) {
      filters.add(layer.filterActive(c));
    }
    ArrayNode kernels = node.putArray("kernels");
    for (double[][][] kernel : layer.kernels()) {
      ArrayNode perInput = kernels.addArray();
      for (double[][] plane : kernel) {
        ArrayNode rows = perInput.addArray();
        for (double[] row : plane) {
          JsonFields.putDoubles(rows.addArray(), row);
        }
      }
    }
    JsonFields.putDoubles(node, "bias", layer.bias());
  }

  @Override
  public ConvLayer read(JsonNode node, String source) {
    Activation activation = JsonFields.activation(node, source);
    double[] bias = JsonFields.doubles(node, "bias", source);
    String domain = JsonFields.domain(node);
    String what = source + " field \"kernels\"";
    JsonNode k = JsonFields.array(JsonFields.require(node, "kernels", source), what);
    double[][][][] kernels = new double[k.size()][][][];
    for (int c = 0; c < kernels.length; c++) {
      JsonNode perInput = JsonFields.array(k.get(c), what + " filter " + (c + 1));
      kernels[c] = new double[perInput.size()][][];
      for (int ci = 0; ci < kernels[c].length; ci++) {
        JsonNode rows = JsonFields.array(perInput.get(ci), what + " filter " + (c + 1) + " channel " + (ci + 1));
        kernels[c][ci] = new double[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
          kernels[c][ci][r] = JsonFields.doubles(rows.get(r), what + " filter " + (c + 1) + " channel " + (ci + 1)
              + " row " + (r + 1));
        }
      }
    }
    return new ConvLayer(Shape.parse(JsonFields.text(node, "inputShape", source), "inputShape"),
        JsonFields.whole(node, "stride", 1, source), kernels, bias, activation, domain);
  }

  @Override
  public EncodedLayer encode(ConvSpec spec, int number, Shape in, boolean hidden, LayerSignals signals,
      LayerAssembly assembly) {
    return EncodedConvLayer.build(spec, number, in, hidden, signals, assembly);
  }

  @Override
  public VerificationLayer verification(ConvLayer layer) {
    // A convolution with its weights fixed is an affine map: verified as the dense layer it equals.
    return new AffineVerification(layer.toDense());
  }
}
