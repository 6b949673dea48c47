package io.milpnet.formulation.layer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Guice;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.spec.ArchitectureParser.ArchitectureException;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.spec.Shape;
import io.milpnet.formulation.train.EncodedLayer;
import io.milpnet.formulation.train.LayerAssembly;
import io.milpnet.formulation.train.LayerSignals;
import io.milpnet.formulation.verify.VerificationLayer;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The registry of layer kinds, filled by the Guice bindings of {@link LayerModule} (in binding order, which is the
 * order errors list them in). Every stage that needs a kind's behaviour asks here by the spec's or layer's
 * {@code kindKey()}; a key nobody registered is an error naming it, never a silent default.
 */
public final class LayerKinds {
  private static volatile LayerKinds standard;

  private final Map<String, LayerKind<?, ?>> kinds;

  @Inject
  public LayerKinds(Map<String, LayerKind<?, ?>> kinds) {
    Map<String, LayerKind<?, ?>> copy = new LinkedHashMap<>();
    kinds.forEach((key, kind) -> {
      if (!key.equals(kind.key())) {
        throw new IllegalArgumentException("layer kind " + kind.getClass().getName() + " is bound as '" + key
            + "' but its key is '" + kind.key() + "'");
      }
      copy.put(key, kind);
    });
    this.kinds = java.util.Collections.unmodifiableMap(copy);
  }

  /** The kinds of {@link LayerModule}, for code that is not created by an injector. */
  public static LayerKinds standard() {
    LayerKinds s = standard;
    if (s == null) {
      synchronized (LayerKinds.class) {
        if (standard == null) {
          standard = Guice.createInjector(new LayerModule()).getInstance(LayerKinds.class);
        }
        s = standard;
      }
    }
    return s;
  }

  /** The registered keys, in binding order. */
  public List<String> keys() {
    return List.copyOf(kinds.keySet());
  }

  /** The spec of one {@code --arch} token (trimmed, non-empty); {@code arch} is the whole string, for errors. */
  public LayerSpec parse(String token, String arch) {
    String[] keyAndArgs = token.split(":", 2);
    String key = keyAndArgs[0].trim().toLowerCase(Locale.ROOT);
    LayerKind<?, ?> kind = kinds.get(key);
    if (kind == null) {
      List<String> usages = new ArrayList<>();
      kinds.values().forEach(k -> usages.add(k.usage()));
      String list = usages.size() == 1 ? usages.get(0)
          : String.join(", ", usages.subList(0, usages.size() - 1)) + " or " + usages.get(usages.size() - 1);
      throw new ArchitectureException("--arch '" + arch + "': unknown layer kind '" + keyAndArgs[0] + "'; use "
          + list);
    }
    LayerSpec spec = kind.parse(keyAndArgs.length > 1 ? keyAndArgs[1] : null, token, arch);
    if (!key.equals(spec.kindKey())) {
      throw new IllegalStateException("layer kind '" + key + "' parsed '" + token + "' into a spec of kind '"
          + spec.kindKey() + "'");
    }
    return spec;
  }

  /** The all-zero network layer of {@code spec} on inputs of shape {@code in}; null for a kind with no layer. */
  public NetworkLayer zeroLayer(LayerSpec spec, Shape in) {
    return zero(of(spec), spec, in);
  }

  private static <S extends LayerSpec, L extends NetworkLayer> L zero(LayerKind<S, L> kind, LayerSpec spec,
      Shape in) {
    return kind.zeroLayer(kind.specType().cast(spec), in);
  }

  /**
   * The training encoding of {@code spec} as layer {@code number} (from 1); see {@link LayerKind#encode}.
   *
   * @throws IllegalArgumentException for a kind nobody registered
   */
  public EncodedLayer encode(LayerSpec spec, int number, Shape in, boolean hidden, LayerSignals signals,
      LayerAssembly assembly) {
    return encode(of(spec), spec, number, in, hidden, signals, assembly);
  }

  private static <S extends LayerSpec, L extends NetworkLayer> EncodedLayer encode(LayerKind<S, L> kind,
      LayerSpec spec, int number, Shape in, boolean hidden, LayerSignals signals, LayerAssembly assembly) {
    return kind.encode(kind.specType().cast(spec), number, in, hidden, signals, assembly);
  }

  /**
   * The verification of {@code layer}; see {@link LayerKind#verification}.
   *
   * @throws IllegalArgumentException for a kind nobody registered
   */
  public VerificationLayer verification(NetworkLayer layer) {
    return verification(of(layer), layer);
  }

  private static <S extends LayerSpec, L extends NetworkLayer> VerificationLayer verification(LayerKind<S, L> kind,
      NetworkLayer layer) {
    return kind.verification(kind.layerType().cast(layer));
  }

  /** Writes {@code layer} into {@code node}: its {@code type}, then the kind's own fields. */
  public void write(NetworkLayer layer, ObjectNode node, boolean[] live) {
    write(of(layer), layer, node, live);
  }

  private static <S extends LayerSpec, L extends NetworkLayer> void write(LayerKind<S, L> kind, NetworkLayer layer,
      ObjectNode node, boolean[] live) {
    node.put("type", kind.key());
    kind.write(kind.layerType().cast(layer), node, live);
  }

  /** Reads a {@code network.json} layer of the given {@code type}. */
  public NetworkLayer read(String type, JsonNode node, String source) {
    LayerKind<?, ?> kind = kinds.get(type);
    if (kind == null || !kind.stored()) {
      List<String> known = new ArrayList<>();
      kinds.values().stream().filter(LayerKind::stored).forEach(k -> known.add(k.key()));
      throw new IllegalArgumentException("unknown layer type \"" + type + "\" (known: " + String.join(", ", known)
          + ")");
    }
    return kind.read(node, source);
  }

  /** The kind of a spec. */
  public LayerKind<?, ?> of(LayerSpec spec) {
    return checked(kinds.get(spec.kindKey()), spec.kindKey(), spec.getClass(), true);
  }

  /** The kind of a network layer. */
  public LayerKind<?, ?> of(NetworkLayer layer) {
    return checked(kinds.get(layer.kindKey()), layer.kindKey(), layer.getClass(), false);
  }

  private static LayerKind<?, ?> checked(LayerKind<?, ?> kind, String key, Class<?> type, boolean spec) {
    if (kind == null) {
      throw new IllegalArgumentException("no layer kind '" + key + "' is registered (for " + type.getName()
          + "): bind it in a LayerModule");
    }
    Class<?> expected = spec ? kind.specType() : kind.layerType();
    if (!expected.isAssignableFrom(type)) {
      throw new IllegalArgumentException("layer kind '" + key + "' takes " + expected.getName() + ", not "
          + type.getName());
    }
    return kind;
  }
}
