package io.milpnet.formulation.activation;

import com.google.inject.Guice;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table of activations, filled by the Guice bindings of {@link ActivationModule} (in binding order, the order
 * errors list them in). {@code --arch} tokens and {@code network.json} files name an activation by its key; a key
 * nobody registered is an error naming it and the known ones.
 */
public final class Activations {
  private static volatile Activations standard;

  private final Map<String, ActivationKind> kinds;

  @Inject
  public Activations(Map<String, ActivationKind> kinds) {
    Map<String, ActivationKind> copy = new LinkedHashMap<>();
    kinds.forEach((key, kind) -> {
      if (!key.equals(kind.key())) {
        throw new IllegalArgumentException("activation " + kind.getClass().getName() + " is bound as '" + key
            + "' but its key is '" + kind.key() + "'");
      }
      copy.put(key, kind);
    });
    this.kinds = Collections.unmodifiableMap(copy);
  }

  /** The activations of {@link ActivationModule}, for code that is not created by an injector. */
  public static Activations standard() {
    Activations s = standard;
    if (s == null) {
      synchronized (Activations.class) {
        if (standard == null) {
          standard = Guice.createInjector(new ActivationModule()).getInstance(Activations.class);
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

  /**
   * The activation {@code text} names ({@code relu}, {@code leakyrelu:0.1}; case and surrounding blanks ignored).
   *
   * @throws UnknownActivation naming the text and the known activations when no kind has its key
   * @throws IllegalArgumentException naming the text and what is wrong with its parameters
   */
  public Activation parse(String text) {
    String[] keyAndArgs = text.trim().split(":", 2);
    String key = keyAndArgs[0].trim().toLowerCase(Locale.ROOT);
    ActivationKind kind = kinds.get(key);
    if (kind == null) {
      throw new UnknownActivation("unknown activation '" + text.trim() + "'; use " + usages());
    }
    try {
      return kind.parse(keyAndArgs.length > 1 ? keyAndArgs[1].trim() : null);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("activation '" + text.trim() + "': " + e.getMessage(), e);
    }
  }

  /** How each registered kind is written ({@code relu}, {@code leakyrelu:A}), in binding order. */
  public List<String> usageList() {
    return kinds.values().stream().map(ActivationKind::usage).toList();
  }

  /** The registered kinds' usages, as an error lists them: {@code relu, linear, step or hardtanh}. */
  public String usages() {
    return list(usageList());
  }

  /** The keys of the registered activations that verification encodes, as a list for messages. */
  public String verifiableUsages() {
    List<String> usages = new ArrayList<>();
    for (ActivationKind k : kinds.values()) {
      if (k.verifiable()) {
        usages.add(k.usage());
      }
    }
    return list(usages);
  }

  private static String list(List<String> items) {
    return items.size() <= 1 ? String.join("", items)
        : String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.get(items.size() - 1);
  }

  /** No registered activation has the key. */
  public static final class UnknownActivation extends IllegalArgumentException {
    UnknownActivation(String message) {
      super(message);
    }
  }
}
