package io.milpnet.formulation.verify;

import io.milpnet.core.io.TextInput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the VNN-LIB subset VNN-COMP uses: {@code (declare-const X_i Real)} and {@code (declare-const Y_j Real)},
 * and {@code (assert F)} where F is {@code (<= a b)}, {@code (>= a b)}, {@code (= a b)}, {@code (and F...)} or
 * {@code (or F...)}, and a, b are linear terms: a declared variable, a number, {@code (+ t...)}, {@code (- t t)},
 * {@code (- t)} or {@code (* number t)}. The asserts together state the unsafe set; it is brought to disjunctive
 * normal form (the asserts are conjoined, each {@code or} distributes), which is what the verifier solves disjunct by
 * disjunct. Comments start with {@code ;}.
 */
public final class VnnlibReader {
  /** Disjunctive normal forms larger than this are refused rather than silently exploding. */
  static final int MAX_DISJUNCTS = 100_000;

  private static final Pattern VARIABLE = Pattern.compile("([XY])_(\\d+)");

  /**
   * Forms nested deeper than this are refused: the parser and the normal form recurse once per level, and VNN-COMP
   * properties nest a handful of levels (a deeper file is generated or hostile, and would overflow the stack).
   */
  static final int MAX_DEPTH = 500;

  private final TextInput.Limits limits;

  public VnnlibReader() {
    this(TextInput.Limits.DEFAULT);
  }

  /** A reader that refuses files beyond these limits (tests use small ones). */
  public VnnlibReader(TextInput.Limits limits) {
    this.limits = limits;
  }

  public VnnProperty read(Path file) {
    String name = "'" + file + "'";
    String text;
    try {
      // VNN-COMP benchmarks since 2022 ship their properties gzipped (.vnnlib.gz): read through gzip, bounded.
      try (java.io.Reader in = TextInput.openMaybeGzip(file, limits)) {
        StringBuilder s = new StringBuilder();
        char[] buffer = new char[1 << 16];
        for (int n; (n = in.read(buffer)) >= 0; ) {
          s.append(buffer, 0, n);
        }
        text = s.toString();
      }
    } catch (IOException e) {
      throw new VnnlibFormatException(name + " " + TextInput.describe(e));
    }
    return parse(text, name);
  }

  public VnnProperty parse(String text, String name) {
    List<Node> forms = new Parser(text, name).all();
    Map<String, Integer> inputs = new LinkedHashMap<>();
    Map<String, Integer> outputs = new LinkedHashMap<>();
    List<Node> asserts = new ArrayList<>();
    for (Node form : forms) {
      String head = form.head(name);
      switch (head) {
        case "declare-const" -> declare(form, inputs, outputs, name);
        case "assert" -> {
          if (form.children.size() != 2) {
            throw form.error(name, "assert takes one formula");
          }
          asserts.add(form.children.get(1));
        }
        default -> throw form.error(name, "'" + head + "' is not supported (only declare-const and assert)");
      }
    }
    checkContiguous(inputs, "X", name);
    checkContiguous(outputs, "Y", name);
    if (inputs.isEmpty()) {
      throw new VnnlibFormatException(name + " declares no input X_0");
    }
    if (outputs.isEmpty()) {
      throw new VnnlibFormatException(name + " declares no output Y_0");
    }
    Context ctx = new Context(name, inputs.size(), outputs.size(), inputs, outputs);
    List<List<LinearAtom>> dnf = new ArrayList<>();
    dnf.add(new ArrayList<>());
    for (Node a : asserts) {
      dnf = and(dnf, formula(a, ctx), a, name);
    }
    List<Conjunction> disjuncts = new ArrayList<>();
    for (List<LinearAtom> c : dnf) {
      disjuncts.add(new Conjunction(c));
    }
    return new VnnProperty(name, inputs.size(), outputs.size(), disjuncts);
  }

  private static void declare(Node form, Map<String, Integer> inputs, Map<String, Integer> outputs, String name) {
    if (form.children.size() != 3 || form.children.get(1).token == null || form.children.get(2).token == null) {
      throw form.error(name, "declare-const takes a name and a sort, e.g. (declare-const X_0 Real)");
    }
    String var = form.children.get(1).token;
    if (!form.children.get(2).token.equals("Real")) {
      throw form.error(name, "variable " + var + " has sort " + form.children.get(2).token
          + "; only Real is supported");
    }
    Matcher m = VARIABLE.matcher(var);
    if (!m.matches()) {
      throw form.error(name, "variable '" + var + "' is neither an input X_i nor an output Y_j");
    }
    Map<String, Integer> target = m.group(1).equals("X") ? inputs : outputs;
    if (target.put(var, Integer.parseInt(m.group(2))) != null) {
      throw form.error(name, "variable " + var + " is declared twice");
    }
  }

  private static void checkContiguous(Map<String, Integer> vars, String letter, String name) {
    for (int i = 0; i < vars.size(); i++) {
      if (!vars.containsKey(letter + "_" + i)) {
        throw new VnnlibFormatException(name + " declares " + vars.size() + " " + letter + " variables but not "
            + letter + "_" + i + ": indices must run from 0 without gaps");
      }
    }
  }

  private record Context(String name, int inputs, int outputs, Map<String, Integer> inputIndex,
      Map<String, Integer> outputIndex) {}

  /** A formula in DNF: a list of conjunctions. */
  private List<List<LinearAtom>> formula(Node f, Context ctx) {
    String head = f.head(ctx.name);
    switch (head) {
      case "and": {
        List<List<LinearAtom>> acc = new ArrayList<>();
        acc.add(new ArrayList<>());
        for (Node child : f.children.subList(1, f.children.size())) {
          acc = and(acc, formula(child, ctx), f, ctx.name);
        }
        return acc;
      }
      case "or": {
        List<List<LinearAtom>> acc = new ArrayList<>();
        for (Node child : f.children.subList(1, f.children.size())) {
          acc.addAll(formula(child, ctx));
          if (acc.size() > MAX_DISJUNCTS) {
            throw f.error(ctx.name, "more than " + MAX_DISJUNCTS + " disjuncts");
          }
        }
        if (acc.isEmpty()) {
          throw f.error(ctx.name, "(or) needs at least one formula");
        }
        return acc;
      }
      case "<=", ">=", "=": {
        if (f.children.size() != 3) {
          throw f.error(ctx.name, "(" + head + " a b) takes exactly two terms");
        }
        Term a = term(f.children.get(1), ctx);
        Term b = term(f.children.get(2), ctx);
        // a <= b  <=>  a - b <= 0 ;  a >= b  <=>  b - a <= 0
        List<LinearAtom> atoms = new ArrayList<>();
        String text = f.text();
        if (!head.equals(">=")) {
          atoms.add(a.minus(b).atom(text));
        }
        if (!head.equals("<=")) {
          atoms.add(b.minus(a).atom(text));
        }
        List<List<LinearAtom>> one = new ArrayList<>();
        one.add(atoms);
        return one;
      }
      default:
        throw f.error(ctx.name, "'" + head + "' is not a supported formula (and, or, <=, >=, =)");
    }
  }

  private static List<List<LinearAtom>> and(List<List<LinearAtom>> left, List<List<LinearAtom>> right, Node where,
      String name) {
    if ((long) left.size() * right.size() > MAX_DISJUNCTS) {
      throw where.error(name, "the property has more than " + MAX_DISJUNCTS + " disjuncts in normal form");
    }
    List<List<LinearAtom>> out = new ArrayList<>();
    for (List<LinearAtom> l : left) {
      for (List<LinearAtom> r : right) {
        List<LinearAtom> both = new ArrayList<>(l);
        both.addAll(r);
        out.add(both);
      }
    }
    return out;
  }

  /** A linear term {@code x.X + y.Y + c}. */
  private record Term(double[] x, double[] y, double c) {
    Term minus(Term o) {
      return plus(o.scaled(-1));
    }

    Term plus(Term o) {
      double[] nx = x.clone();
      double[] ny = y.clone();
      for (int i = 0; i < nx.length; i++) {
        nx[i] += o.x[i];
      }
      for (int j = 0; j < ny.length; j++) {
        ny[j] += o.y[j];
      }
      return new Term(nx, ny, c + o.c);
    }

    Term scaled(double s) {
      double[] nx = x.clone();
      double[] ny = y.clone();
      for (int i = 0; i < nx.length; i++) {
        nx[i] *= s;
      }
      for (int j = 0; j < ny.length; j++) {
        ny[j] *= s;
      }
      return new Term(nx, ny, c * s);
    }

    boolean isConstant() {
      for (double v : x) {
        if (v != 0) {
          return false;
        }
      }
      for (double v : y) {
        if (v != 0) {
          return false;
        }
      }
      return true;
    }

    /** {@code this <= 0}, i.e. {@code x.X + y.Y <= -c}. */
    LinearAtom atom(String text) {
      return new LinearAtom(x, y, -c, text);
    }
  }

  private static Term term(Node t, Context ctx) {
    if (t.token != null) {
      Integer xi = ctx.inputIndex.get(t.token);
      Integer yj = ctx.outputIndex.get(t.token);
      double[] x = new double[ctx.inputs];
      double[] y = new double[ctx.outputs];
      if (xi != null) {
        x[xi] = 1;
        return new Term(x, y, 0);
      }
      if (yj != null) {
        y[yj] = 1;
        return new Term(x, y, 0);
      }
      try {
        double v = Double.parseDouble(t.token);
        if (!Double.isFinite(v)) {
          throw t.error(ctx.name, "'" + t.token + "' is not a finite number");
        }
        return new Term(x, y, v);
      } catch (NumberFormatException e) {
        throw t.error(ctx.name, "'" + t.token + "' is neither a declared variable nor a number");
      }
    }
    String head = t.head(ctx.name);
    List<Node> args = t.children.subList(1, t.children.size());
    switch (head) {
      case "+": {
        Term sum = term(args.get(0), ctx);
        for (Node a : args.subList(1, args.size())) {
          sum = sum.plus(term(a, ctx));
        }
        return sum;
      }
      case "-":
        if (args.size() == 1) {
          return term(args.get(0), ctx).scaled(-1);
        }
        if (args.size() == 2) {
          return term(args.get(0), ctx).minus(term(args.get(1), ctx));
        }
        throw t.error(ctx.name, "(- a b) takes one or two terms");
      case "*": {
        if (args.size() != 2) {
          throw t.error(ctx.name, "(* a b) takes two terms");
        }
        Term a = term(args.get(0), ctx);
        Term b = term(args.get(1), ctx);
        if (a.isConstant()) {
          return b.scaled(a.c);
        }
        if (b.isConstant()) {
          return a.scaled(b.c);
        }
        throw t.error(ctx.name, "a product of two variables is not linear");
      }
      default:
        throw t.error(ctx.name, "'" + head + "' is not a supported term (+, -, *)");
    }
  }

  /** An S-expression: a token, or a list of children; with the line it starts on and its source text. */
  private static final class Node {
    final String token;
    final List<Node> children;
    final int line;
    final String source;

    Node(String token, List<Node> children, int line, String source) {
      this.token = token;
      this.children = children;
      this.line = line;
      this.source = source;
    }

    String head(String name) {
      if (token != null || children.isEmpty() || children.get(0).token == null) {
        throw error(name, "expected a form like (operator ...), found " + text());
      }
      return children.get(0).token;
    }

    String text() {
      String s = source.replaceAll("\\s+", " ").strip();
      return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    VnnlibFormatException error(String name, String message) {
      return new VnnlibFormatException(name + " line " + line + ": " + message);
    }
  }

  private static final class Parser {
    private final String text;
    private final String name;
    private int pos;
    private int line = 1;

    Parser(String text, String name) {
      this.text = text;
      this.name = name;
    }

    List<Node> all() {
      List<Node> forms = new ArrayList<>();
      while (true) {
        skip();
        if (pos >= text.length()) {
          return forms;
        }
        forms.add(node(0));
      }
    }

    private void skip() {
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == ';') {
          while (pos < text.length() && text.charAt(pos) != '\n') {
            pos++;
          }
        } else if (Character.isWhitespace(c)) {
          if (c == '\n') {
            line++;
          }
          pos++;
        } else {
          return;
        }
      }
    }

    private Node node(int depth) {
      skip();
      if (pos >= text.length()) {
        throw new VnnlibFormatException(name + " line " + line + ": unexpected end of file (a missing ')'?)");
      }
      int start = pos;
      int startLine = line;
      char c = text.charAt(pos);
      if (c == ')') {
        throw new VnnlibFormatException(name + " line " + line + ": unexpected ')'");
      }
      if (c == '(') {
        if (depth >= MAX_DEPTH) {
          throw new VnnlibFormatException(name + " line " + line + ": forms are nested more than " + MAX_DEPTH
              + " levels deep; flatten the formula (an (and ...) or (or ...) takes any number of arguments)");
        }
        pos++;
        List<Node> children = new ArrayList<>();
        while (true) {
          skip();
          if (pos >= text.length()) {
            throw new VnnlibFormatException(name + " line " + startLine + ": '(' is never closed");
          }
          if (text.charAt(pos) == ')') {
            pos++;
            return new Node(null, children, startLine, text.substring(start, pos));
          }
          children.add(node(depth + 1));
        }
      }
      while (pos < text.length() && !Character.isWhitespace(text.charAt(pos)) && text.charAt(pos) != '('
          && text.charAt(pos) != ')' && text.charAt(pos) != ';') {
        pos++;
      }
      String token = text.substring(start, pos);
      return new Node(token, List.of(), startLine, token);
    }
  }
}
