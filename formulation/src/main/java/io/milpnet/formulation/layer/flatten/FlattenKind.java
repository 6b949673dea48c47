package io.milpnet.formulation.layer.flatten;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milpnet.formulation.layer.ArchTokens;
import io.milpnet.formulation.layer.LayerKind;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.spec.Shape;
import io.milpnet.formulation.train.EncodedLayer;
import io.milpnet.formulation.train.LayerAssembly;
import io.milpnet.formulation.train.LayerSignals;
import io.milpnet.formulation.verify.VerificationLayer;

/**
 * {@code flatten}: marks where a map becomes a vector. Values are stored flat throughout, so it has no network layer
 * and no {@code network.json} form.
 */
public final class FlattenKind implements LayerKind<FlattenSpec, NetworkLayer> {
  public static final String KEY = "flatten";

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public String usage() {
    return "flatten";
  }

  @Override
  public Class<FlattenSpec> specType() {
    return FlattenSpec.class;
  }

  @Override
  public Class<NetworkLayer> layerType() {
    return NetworkLayer.class;
  }

  @Override
  public FlattenSpec parse(String args, String token, String arch) {
    if (args != null) {
      throw new io.milpnet.formulation.spec.ArchitectureParser.ArchitectureException("--arch '" + arch
          + "': flatten takes no arguments, got '" + token + "'");
    }
    return new FlattenSpec();
  }

  @Override
  public NetworkLayer zeroLayer(FlattenSpec spec, Shape in) {
    return null;
  }

  @Override
  public boolean stored() {
    return false;
  }

  @Override
  public void write(NetworkLayer layer, ObjectNode node, boolean[] live) {
    throw new UnsupportedOperationException("flatten has no network layer to write");
  }

  @Override
  public NetworkLayer read(JsonNode node, String source) {
    throw new UnsupportedOperationException("flatten has no network layer to read");
  }

  @Override
  public EncodedLayer encode(FlattenSpec spec, int number, Shape in, boolean hidden, LayerSignals signals,
      LayerAssembly assembly) {
    // Never asked: flatten has no layer (hasLayer() is false), so assembly passes its signals on unchanged.
    throw new IllegalStateException("flatten has no layer to encode");
  }

  @Override
  public VerificationLayer verification(NetworkLayer layer) {
    throw new IllegalStateException("flatten has no layer to verify");
  }
}
