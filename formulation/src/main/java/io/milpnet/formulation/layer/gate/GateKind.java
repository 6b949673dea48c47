package io.milpnet.formulation.layer.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milpnet.formulation.layer.ArchTokens;
import io.milpnet.formulation.layer.JsonFields;
import io.milpnet.formulation.layer.LayerKind;
import io.milpnet.formulation.spec.Shape;
import io.milpnet.formulation.train.EncodedLayer;
import io.milpnet.formulation.train.LayerAssembly;
import io.milpnet.formulation.train.LayerSignals;
import io.milpnet.formulation.verify.VerificationLayer;

/** {@code gate:N}: units that pass their pre-activation while a learned hard gate is open. */
public final class GateKind implements LayerKind<GateSpec, GateLayer> {
  public static final String KEY = "gate";

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public String usage() {
    return "gate:N";
  }

  @Override
  public Class<GateSpec> specType() {
    return GateSpec.class;
  }

  @Override
  public Class<GateLayer> layerType() {
    return GateLayer.class;
  }

  @Override
  public GateSpec parse(String args, String token, String arch) {
    String[] parts = ArchTokens.sized(args, token, arch, "gate:2");
    if (parts.length > 1) {
      throw ArchTokens.error(token, arch, "takes no activation: a gate passes its pre-activation or 0");
    }
    return new GateSpec(ArchTokens.positive(parts[0], "units", token, arch));
  }

  @Override
  public GateLayer zeroLayer(GateSpec spec, Shape in) {
    int n = spec.units();
    return new GateLayer(new double[n][in.size()], new double[n], new double[n][in.size()], new double[n], "float");
  }

  @Override
  public void write(GateLayer layer, ObjectNode node, boolean[] live) {
    JsonFields.putUnits(node, layer, live);
    JsonFields.putMatrix(node, "weights", layer.weights());
    JsonFields.putDoubles(node, "bias", layer.bias());
    JsonFields.putMatrix(node, "gateWeights", layer.gateWeights());
    JsonFields.putDoubles(node, "gateBias", layer.gateBias());
  }

  @Override
  public GateLayer read(JsonNode node, String source) {
    return new GateLayer(JsonFields.matrix(node, "weights", source), JsonFields.doubles(node, "bias", source),
        JsonFields.matrix(node, "gateWeights", source), JsonFields.doubles(node, "gateBias", source),
        JsonFields.domain(node));
  }

  @Override
  public EncodedLayer encode(GateSpec spec, int number, Shape in, boolean hidden, LayerSignals signals,
      LayerAssembly assembly) {
    return EncodedGateLayer.build(spec, number, in, hidden, signals, assembly);
  }

  @Override
  public VerificationLayer verification(GateLayer layer) {
    return new GateVerification(layer);
  }
}
