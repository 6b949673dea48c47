package io.milpnet.formulation.layer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.spec.Shape;
import io.milpnet.formulation.train.EncodedLayer;
import io.milpnet.formulation.train.LayerAssembly;
import io.milpnet.formulation.train.LayerSignals;
import io.milpnet.formulation.verify.VerificationLayer;

/**
 * One layer kind of milpnet, as the registry ({@link LayerKinds}) knows it: its {@code --arch} token, its
 * {@code network.json} form, the all-zero network layer the gradient trainer starts from, its training encoding
 * (weights are variables) and its verification (weights are constants). The kind's spec ({@link LayerSpec}) and
 * network layer ({@link NetworkLayer}) carry the rest (shapes, forward pass, backward pass, structure). A new kind
 * implements this in its own package, beside its spec, network layer, encoded layer and verification, and is bound in
 * {@link LayerModule}.
 *
 * @param <S> the kind's spec
 * @param <L> the kind's network layer
 */
public interface LayerKind<S extends LayerSpec, L extends NetworkLayer> {
  /** The word naming the kind in {@code --arch} and in {@code network.json}'s {@code type}: {@code dense}. */
  String key();

  /** How {@code --arch} writes the kind, listed in errors: {@code dense:N[/act]}. */
  String usage();

  Class<S> specType();

  Class<L> layerType();

  /**
   * The spec of an {@code --arch} token {@code key:args}.
   *
   * @param args what follows the first {@code :}, or null when the token has none
   * @param token the whole token, for errors
   * @param arch the whole {@code --arch} string, for errors
   * @throws io.milpnet.formulation.spec.ArchitectureParser.ArchitectureException naming the token and the fix
   */
  S parse(String args, String token, String arch);

  /**
   * The network layer of {@code spec} on inputs of shape {@code in} with every parameter 0 (weight domain
   * {@code float}), or null for a kind that moves no data and has no layer (flatten).
   */
  L zeroLayer(S spec, Shape in);

  /** Whether the kind's layers are stored in {@code network.json} (flatten has no layer to store). */
  default boolean stored() {
    return true;
  }

  /**
   * Writes {@code layer}'s fields after {@code type} into {@code node}.
   *
   * @param live per unit, whether it is alive in the network's structure
   */
  void write(L layer, ObjectNode node, boolean[] live);

  /**
   * Reads a layer written by {@link #write}; a missing or malformed field is an {@link IllegalArgumentException}
   * naming it and {@code source}.
   */
  L read(JsonNode node, String source);

  /**
   * The training encoding of {@code spec} as layer {@code number} (from 1) on inputs of shape {@code in} carried by
   * {@code signals}: its weight, activation and structure variables and rows, added to the assembly's model.
   *
   * @param hidden false for the output layer
   */
  EncodedLayer encode(S spec, int number, Shape in, boolean hidden, LayerSignals signals, LayerAssembly assembly);

  /**
   * The verification of {@code layer}, its weights constants: interval bounds, the symbolic relaxation and the MILP
   * encoding over an input box (the same activation and max formulations as training).
   */
  VerificationLayer verification(L layer);
}
