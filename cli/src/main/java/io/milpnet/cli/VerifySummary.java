package io.milpnet.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milpnet.formulation.verify.DisjunctResult;
import io.milpnet.formulation.verify.Robustness;
import io.milpnet.formulation.verify.Verdict;
import io.milpnet.formulation.verify.VerificationResult;
import io.milpnet.formulation.verify.Verifier;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * {@code summary.json} of a verification: {@code result} (holds / violated / unknown), {@code reason},
 * {@code counterexample} (re-checked input and output, or null), {@code seconds}, then the per-disjunct detail and
 * the settings. In robustness mode, one entry per epsilon with the certified / violated / unknown counts and the
 * per-sample verdicts. Numbers that do not exist are null, never NaN.
 */
final class VerifySummary {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final ObjectNode root = MAPPER.createObjectNode();

  private VerifySummary() {}

  /** The lower-case word of a verdict, as printed and written: holds, violated, unknown. */
  static String word(Verdict v) {
    return v.name().toLowerCase(Locale.ROOT);
  }

  static VerifySummary property(VerifyCommand cmd, Verifier verifier, VerificationResult result) {
    VerifySummary s = new VerifySummary();
    ObjectNode r = s.root;
    r.put("command", "verify");
    r.put("result", word(result.verdict()));
    r.put("reason", result.reason());
    DisjunctResult cex = result.counterexample();
    if (cex == null) {
      r.putNull("counterexample");
    } else {
      ObjectNode c = r.putObject("counterexample");
      c.put("disjunct", cex.index());
      array(c.putArray("input"), cex.input());
      array(c.putArray("output"), cex.output());
      c.put("recheck", "double-precision forward pass satisfies every atom of the disjunct");
    }
    r.put("seconds", result.seconds());
    s.settings(cmd, verifier);
    r.put("property", cmd.property.toString());
    ArrayNode ds = r.putArray("disjuncts");
    for (DisjunctResult d : result.disjuncts()) {
      ObjectNode o = ds.addObject();
      o.put("index", d.index());
      o.put("result", word(d.verdict()));
      o.put("reason", d.reason());
      o.put("seconds", d.seconds());
      o.put("boxes", d.boxes());
      o.put("splits", d.splits());
      o.put("milpSolves", d.milpSolves());
      o.put("lpSolves", d.lpSolves());
      o.put("boundSeconds", d.boundSeconds());
      o.put("maxBinaries", d.binaries());
      o.put("lastSolverStatus", d.status().name());
      Json.number(o, "margin", d.margin());
      Json.number(o, "bound", d.bound());
    }
    return s;
  }

  /**
   * {@code verify --whole-box}: per disjunct, the size and tightness of the one MILP over its whole input box (the
   * columns of the tightness benchmark).
   */
  static VerifySummary wholeBox(VerifyCommand cmd, Verifier verifier, List<Verifier.BoxMeasurement> boxes) {
    VerifySummary s = new VerifySummary();
    ObjectNode r = s.root;
    r.put("command", "verify-whole-box");
    s.settings(cmd, verifier);
    r.put("property", cmd.property.toString());
    ArrayNode ds = r.putArray("disjuncts");
    for (int d = 0; d < boxes.size(); d++) {
      Verifier.BoxMeasurement b = boxes.get(d);
      ObjectNode o = ds.addObject();
      o.put("index", d);
      o.put("result", word(b.verdict()));
      o.put("reason", b.reason());
      o.put("binaries", b.binaries());
      o.put("constraints", b.constraints());
      o.put("stableUnits", b.stable());
      o.put("unstableUnits", b.unstable());
      Json.number(o, "lpBound", b.lpBound());
      Json.number(o, "objective", b.milp().hasSolution() ? b.milp().objective() : Double.NaN);
      Json.number(o, "bestBound", b.milp().bestBound());
      Json.number(o, "finalGap", b.milp().gap());
      o.put("status", b.milp().status().name());
      Json.count(o, "nodes", b.milp().nodes());
      o.put("boundSeconds", b.boundSeconds());
      o.put("seconds", b.seconds());
    }
    return s;
  }

  static VerifySummary robustness(VerifyCommand cmd, Verifier verifier, List<Robustness.Report> reports) {
    VerifySummary s = new VerifySummary();
    s.root.put("command", "verify-robustness");
    s.root.put("data", cmd.data.toString());
    s.settings(cmd, verifier);
    s.reports(reports);
    return s;
  }

  /** The robustness entries, also part of a training's summary ({@code train --verify-epsilon}). */
  static ArrayNode reportsJson(List<Robustness.Report> reports) {
    VerifySummary s = new VerifySummary();
    s.reports(reports);
    return (ArrayNode) s.root.get("robustness");
  }

  private void reports(List<Robustness.Report> reports) {
    ArrayNode arr = root.putArray("robustness");
    for (Robustness.Report rep : reports) {
      ObjectNode o = arr.addObject();
      o.put("epsilon", rep.epsilon());
      o.put("certified", rep.certified());
      o.put("violated", rep.violated());
      o.put("unknown", rep.unknown());
      o.put("misclassified", rep.misclassified());
      o.put("samples", rep.samples().size());
      o.put("seconds", rep.seconds());
      ArrayNode per = o.putArray("perSample");
      for (Robustness.Sample sample : rep.samples()) {
        ObjectNode p = per.addObject();
        p.put("index", sample.index());
        p.put("label", sample.label());
        p.put("result", word(sample.verdict()));
        p.put("reason", sample.reason());
        p.put("seconds", sample.seconds());
        if (sample.counterexample() == null) {
          p.putNull("counterexample");
        } else {
          array(p.putArray("counterexample"), sample.counterexample());
          p.put("predictedThere", sample.predictedThere());
        }
      }
    }
  }

  private void settings(VerifyCommand cmd, Verifier verifier) {
    root.put("network", cmd.network.toString());
    root.put("backend", cmd.backend.name());
    root.put("bounds", verifier.bounds().key());
    root.put("relu", cmd.relu);
    root.put("tolerance", verifier.tolerance());
    root.put("timeLimit", cmd.solver.timeLimit);
    cmd.solver.solverParameters().forEach(root.putObject("solverParameters")::put);
    root.set("trace", TraceJson.of(cmd.trace));
  }

  String toJson() {
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void array(ArrayNode node, double[] values) {
    for (double v : values) {
      node.add(v);
    }
  }
}
