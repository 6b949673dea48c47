package io.milpnet.formulation.activation.leaky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.backend.ortools.OrToolsBackend;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.activation.Activations;
import io.milpnet.formulation.encode.ReluBigMFormulation;
import io.milpnet.formulation.layer.dense.DenseLayer;
import io.milpnet.formulation.spec.ArchitectureParser.ArchitectureException;
import io.milpnet.formulation.spec.ArchitectureParser;
import io.milpnet.formulation.train.ActivationKit;
import io.milpnet.formulation.verify.BoundMethod;
import io.milpnet.formulation.verify.FixedNetwork;
import io.milpnet.formulation.verify.LayerKindsVerificationTest;
import io.milpnet.formulation.verify.Verdict;
import io.milpnet.formulation.verify.VerificationResult;
import io.milpnet.formulation.verify.Verifier;
import io.milpnet.formulation.verify.VnnProperty;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The activation oracle kit on {@code leakyrelu:0.1} (which trains XOR and Iris rows to their brute-force optima, from
 * the zero network and the gradient warm start, and verifies), and the leaky ReLU's own known answers: its parameter
 * errors, and a verified property whose answer is computed by hand.
 */
public class LeakyReluKitTest extends ActivationKit {
  private static final SolveOptions OPTIONS = SolveOptions.defaults().withTimeLimit(60);

  @Override
  public String activation() {
    return "leakyrelu:0.1";
  }

  @Test
  void theSlopeIsRequiredAndInsideZeroAndOne() {
    assertEquals("leakyrelu:0.01", Activations.standard().parse("LeakyReLU:0.010").key());
    for (String bad : List.of("dense:2/leakyrelu", "dense:2/leakyrelu:1", "dense:2/leakyrelu:0",
        "dense:2/leakyrelu:-0.5", "dense:2/leakyrelu:abc", "dense:2/leakyrelu:NaN")) {
      ArchitectureException e = assertThrows(ArchitectureException.class, () -> new ArchitectureParser().parse(bad));
      assertTrue(e.getMessage().startsWith("--arch '" + bad + "': layer '" + bad + "' activation '"), e.getMessage());
      assertTrue(e.getMessage().contains("leakyrelu:A"), e.getMessage());
    }
  }

  /**
   * {@code y = lrelu(x0 - x1)} on {@code [0, 1]^2}: {@code x0 - x1} covers [-1, 1], so y covers [-0.1, 1]. "Some y
   * below -0.1" is unsatisfiable; "some y below -0.09" holds near (0, 1).
   */
  @Test
  void aPropertyWithAHandComputedAnswerVerifies() {
    Activation act = parsed();
    FixedNetwork net = new FixedNetwork(List.of(new DenseLayer(new double[][] {{1, -1}}, new double[] {0}, act, "")));
    for (BoundMethod bounds : BoundMethod.values()) {
      Verifier v = new Verifier(OrToolsBackend.scip(), bounds == BoundMethod.LP ? OrToolsBackend.glop() : null,
          bounds, new ReluBigMFormulation(), Verifier.DEFAULT_TOLERANCE);
      assertEquals(Verdict.HOLDS, v.verify(net, below(-0.1 - 1e-3), OPTIONS).verdict(), bounds.toString());
      VerificationResult open = v.verify(net, below(-0.09), OPTIONS);
      assertEquals(Verdict.VIOLATED, open.verdict(), bounds + ": " + open.reason());
      double[] cx = open.counterexample().input();
      assertTrue(net.evaluate(cx)[0] <= -0.09 + 1e-9 && cx[1] - cx[0] >= 0.9 - 1e-9, cx[0] + ", " + cx[1]);
    }
  }

  private static VnnProperty below(double bound) {
    return LayerKindsVerificationTest.unitBoxAnd(1, bound, "Y_0 <= " + bound);
  }
}
