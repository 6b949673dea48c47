package io.milpnet.core.io;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * Gives each item of one name space (columns, rows) a name the file format can hold, unique within the space. A name
 * the format accepts as it is keeps priority; the others (illegal characters, duplicates) get a legalised form or a
 * generated {@code <prefix><index>}, and every change is recorded for the file's header comment.
 */
final class NameTable {
  private static final int NOTED_RENAMES = 10;

  private final Set<String> taken = new HashSet<>();
  private final List<String> notes = new ArrayList<>();
  private int renamed;

  /** Takes {@code base}, or {@code base_2}, {@code base_3}... when it is taken (the objective row's name, say). */
  String claim(String base) {
    String name = base;
    for (int k = 2; !taken.add(name); k++) {
      name = base + "_" + k;
    }
    return name;
  }

  /**
   * @param original the item's name in the model
   * @param legalise the name the format can hold (the original when it is fine), or null when none can be made
   * @param kind "column" or "row", for the notes
   */
  String[] assign(int count, IntFunction<String> original, UnaryOperator<String> legalise, String prefix, String kind) {
    String[] names = new String[count];
    String[] legal = new String[count];
    // Two passes, so that an acceptable name is never displaced by a generated one that happens to equal it.
    for (int i = 0; i < count; i++) {
      String name = original.apply(i);
      legal[i] = name == null ? null : legalise.apply(name);
      if (legal[i] != null && legal[i].equals(name) && taken.add(name)) {
        names[i] = name;
      }
    }
    for (int i = 0; i < count; i++) {
      if (names[i] != null) {
        continue;
      }
      // A legalised form when the format needed one; a generated name for a repeat or a name beyond repair.
      String base = legal[i] != null && !legal[i].equals(original.apply(i)) ? legal[i] : prefix + i;
      String name = claim(base);
      names[i] = name;
      renamed++;
      if (notes.size() < NOTED_RENAMES) {
        notes.add(kind + " " + i + " '" + printable(original.apply(i)) + "' written as " + name);
      }
    }
    return names;
  }

  int renamed() {
    return renamed;
  }

  /** The first few renames, one line each (for a comment). */
  List<String> notes() {
    return notes;
  }

  /** Keeps a header comment on one line whatever the original name holds. */
  static String printable(String name) {
    if (name == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      sb.append(Character.isISOControl(c) ? '?' : c);
    }
    return sb.toString();
  }
}
