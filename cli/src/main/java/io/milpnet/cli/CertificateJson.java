package io.milpnet.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milpnet.formulation.pipeline.Certificate;

/**
 * Where {@code bestBound} comes from in {@code summary.json}: {@code bestBoundSource} ("solver" or "pair relaxation"),
 * {@code solverBound}, and the pair relaxation's own figures ({@code pairRelaxation}: its proven LP optimum or null,
 * the rows its loss covers, pairs, pair rows, LP status, seconds; null where it does not apply).
 */
final class CertificateJson {
  private CertificateJson() {}

  static void write(ObjectNode root, Certificate c) {
    if (c == null) {
      return;
    }
    root.put("bestBoundSource", c.source());
    Json.number(root, "solverBound", c.solverBound());
    if (c.pairs() == null) {
      root.putNull("pairRelaxation");
      return;
    }
    ObjectNode p = root.putObject("pairRelaxation");
    Json.number(p, "bound", c.pairs().proven() ? c.pairs().bound() : Double.NaN);
    p.put("samples", c.pairs().samples());
    p.put("pairs", c.pairs().pairs());
    p.put("rows", c.pairs().rows());
    p.put("lpStatus", c.pairs().status().name());
    p.put("seconds", c.pairs().seconds());
  }
}
