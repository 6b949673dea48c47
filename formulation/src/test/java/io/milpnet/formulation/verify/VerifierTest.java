package io.milpnet.formulation.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.backend.ortools.OrToolsBackend;
import io.milpnet.backend.ortools.OrToolsHighsBackend;
import io.milpnet.core.model.Model;
import io.milpnet.core.solver.ForwardingSolverBackend;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.formulation.encode.ReluBigMFormulation;
import io.milpnet.formulation.encode.ReluIndicatorFormulation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The hand-made cases of {@code src/test/resources/verify} (answers in its README), on the OR-Tools backends. */
class VerifierTest {
  static final Path CASES = Path.of("src/test/resources/verify");
  static final SolveOptions OPTIONS = SolveOptions.defaults().withTimeLimit(60);

  static FixedNetwork net(String name) {
    return new NnetReader().read(CASES.resolve(name + ".nnet")).toFixedNetwork();
  }

  static VnnProperty prop(String name) {
    return new VnnlibReader().read(CASES.resolve(name + ".vnnlib"));
  }

  static Stream<Arguments> setups() {
    List<Arguments> all = new ArrayList<>();
    for (String backend : List.of("ortools-scip", "ortools-cbc", "ortools-highs")) {
      for (BoundMethod b : List.of(BoundMethod.INTERVAL, BoundMethod.SYMBOLIC)) {
        all.add(Arguments.of(backend, b));
      }
    }
    all.add(Arguments.of("ortools-scip", BoundMethod.LP));
    return all.stream();
  }

  static SolverBackend backend(String name) {
    return switch (name) {
      case "ortools-scip" -> OrToolsBackend.scip();
      case "ortools-cbc" -> OrToolsBackend.cbc();
      case "ortools-highs" -> new OrToolsHighsBackend();
      default -> throw new IllegalArgumentException(name);
    };
  }

  /**
   * The verifier of a backend and bound method, without the gradient attack: these cases test the box search, whose
   * counterexamples come from the backend (FalsifierTest tests the attack).
   */
  static Verifier verifier(String backend, BoundMethod bounds) {
    return new Verifier(backend(backend), bounds == BoundMethod.LP ? OrToolsBackend.glop() : null, bounds,
        new ReluBigMFormulation(), Verifier.DEFAULT_TOLERANCE).withAttack(false);
  }

  @ParameterizedTest(name = "{0}, {1} bounds")
  @MethodSource("setups")
  void holdsByAMargin(String backend, BoundMethod bounds) {
    VerificationResult r = verifier(backend, bounds).verify(net("abs"), prop("abs-holds"), OPTIONS);
    assertEquals(Verdict.HOLDS, r.verdict(), r.reason());
  }

  @ParameterizedTest(name = "{0}, {1} bounds")
  @MethodSource("setups")
  void violatedAtAKnownPoint(String backend, BoundMethod bounds) {
    VerificationResult r = verifier(backend, bounds).verify(net("abs"), prop("abs-violated"), OPTIONS);
    assertEquals(Verdict.VIOLATED, r.verdict(), r.reason());
    double x = r.counterexample().input()[0];
    assertTrue(x >= 0 && x <= 1 && Math.abs(x - 0.5) >= 0.45, "counterexample x = " + x);
    assertEquals(Math.abs(x - 0.5), r.counterexample().output()[0], 1e-12);
  }

  @ParameterizedTest(name = "{0}, {1} bounds")
  @MethodSource("setups")
  void disjunctiveProperties(String backend, BoundMethod bounds) {
    Verifier v = verifier(backend, bounds);
    VerificationResult holds = v.verify(net("diff"), prop("diff-or-holds"), OPTIONS);
    assertEquals(Verdict.HOLDS, holds.verdict(), holds.reason());
    assertEquals(2, holds.disjuncts().size());

    VerificationResult violated = v.verify(net("diff"), prop("diff-or-violated"), OPTIONS);
    assertEquals(Verdict.VIOLATED, violated.verdict(), violated.reason());
    DisjunctResult cex = violated.counterexample();
    assertEquals(1, cex.index());
    double d = cex.input()[0] - cex.input()[1];
    assertTrue(d >= 0.9 && d <= 0.95, "x0 - x1 = " + d);
  }

  /** Several workers search the boxes of a disjunct in parallel and reach the same answers. */
  @Test
  void parallelBoxSearchGivesTheSameAnswers() {
    SolveOptions two = OPTIONS.withThreads(2);
    for (BoundMethod b : List.of(BoundMethod.INTERVAL, BoundMethod.SYMBOLIC)) {
      Verifier v = verifier("ortools-scip", b);
      assertEquals(Verdict.HOLDS, v.verify(net("abs"), prop("abs-holds"), two).verdict());
      assertEquals(Verdict.HOLDS, v.verify(net("abs"), prop("abs-trap"), two).verdict());
      assertEquals(Verdict.HOLDS, v.verify(net("diff"), prop("diff-or-holds"), two).verdict());
      VerificationResult violated = v.verify(net("diff"), prop("diff-or-violated"), two);
      assertEquals(Verdict.VIOLATED, violated.verdict(), violated.reason());
      double d = violated.counterexample().input()[0] - violated.counterexample().input()[1];
      assertTrue(d >= 0.9 && d <= 0.95, "x0 - x1 = " + d);
    }
    // ACAS Xu 1_1 property 3 needs hundreds of boxes: the workers really share a search.
    VerificationResult acas = verifier("ortools-scip", BoundMethod.SYMBOLIC).verify(
        NnetReaderTest.acas("1_1").toFixedNetwork(),
        new VnnlibReader().read(Path.of("../data/acasxu/vnnlib/prop_3.vnnlib")), SolveOptions.defaults()
            .withTimeLimit(300).withThreads(2));
    assertEquals(Verdict.HOLDS, acas.verdict(), acas.reason());
    assertTrue(acas.disjuncts().get(0).boxes() > 100, acas.disjuncts().get(0).toString());
  }

  @Test
  void indicatorEncodingGivesTheSameAnswers() {
    Verifier v = new Verifier(OrToolsBackend.scip(), null, BoundMethod.INTERVAL, new ReluIndicatorFormulation(),
        Verifier.DEFAULT_TOLERANCE);
    assertEquals(Verdict.HOLDS, v.verify(net("diff"), prop("diff-or-holds"), OPTIONS).verdict());
    assertEquals(Verdict.VIOLATED, v.verify(net("diff"), prop("diff-or-violated"), OPTIONS).verdict());
  }

  /**
   * A solver whose tolerance lets the unsafe condition be missed by 1e-4 (its rows loosened): its "counterexample"
   * to a property that holds by 1e-5 lies outside the unsafe set. The exact re-check (double forward pass) must
   * reject it; without the re-check the verifier would report a violation of a property that holds.
   */
  @Test
  void reCheckRejectsACounterexampleOfALooseSolver() {
    SolverBackend loose = new ForwardingSolverBackend(OrToolsBackend.scip()) {
      @Override
      public Solution solve(Model model, SolveOptions options) {
        Model loosened = model.copyWithoutRows(model.name());
        for (int r = 0; r < model.numConstraints(); r++) {
          double slack = model.constraintName(r).startsWith("atom") ? 1e-4 : 0;
          loosened.addConstraint(model.constraintName(r), model.rowExpr(r), model.rowLowerBound(r),
              model.rowUpperBound(r) + slack);
        }
        return super.solve(loosened, options);
      }
    };
    Verifier v = new Verifier(loose, null, BoundMethod.INTERVAL, new ReluBigMFormulation(),
        Verifier.DEFAULT_TOLERANCE);
    VerificationResult r = v.verify(net("abs"), prop("abs-trap"), OPTIONS);
    assertNotEquals(Verdict.VIOLATED, r.verdict(), r.reason());
    assertEquals(Verdict.UNKNOWN, r.verdict(), r.disjuncts().get(0).toString());
    assertTrue(r.reason().contains("re-check"), r.reason());

    // Every honest setup proves it: the best margin is -1e-5, below the tolerance of -1e-6.
    setups().forEach(a -> {
      VerificationResult honest = verifier((String) a.get()[0], (BoundMethod) a.get()[1])
          .verify(net("abs"), prop("abs-trap"), OPTIONS);
      assertEquals(Verdict.HOLDS, honest.verdict(), a.get()[0] + " " + a.get()[1] + ": " + honest.reason());
    });
  }

  /** Unsafe exactly at the box's edge (margin 0): a counterexample or "too close to call", never a proof. */
  @ParameterizedTest(name = "{0}, {1} bounds")
  @MethodSource("setups")
  void marginZeroIsNeverProven(String backend, BoundMethod bounds) {
    VerificationResult r = verifier(backend, bounds).verify(net("ident"), prop("ident-edge"), OPTIONS);
    assertNotEquals(Verdict.HOLDS, r.verdict(), r.reason());
    if (r.verdict() == Verdict.VIOLATED) {
      assertEquals(1.0, r.counterexample().input()[0]);
    }
  }

  /** A tolerance wider than the property's margin cannot prove it: unknown, never violated. */
  @Test
  void aToleranceWiderThanTheMarginGivesUnknown() {
    Verifier wide = new Verifier(OrToolsBackend.scip(), null, BoundMethod.INTERVAL, new ReluBigMFormulation(), 1e-4);
    VerificationResult r = wide.verify(net("abs"), prop("abs-trap"), OPTIONS);
    assertEquals(Verdict.UNKNOWN, r.verdict(), r.reason());
  }

  @Test
  void summaryOfAProofCountsBoxes() {
    VerificationResult r = verifier("ortools-scip", BoundMethod.SYMBOLIC).verify(net("abs"), prop("abs-holds"),
        OPTIONS);
    assertNotNull(r.disjuncts().get(0).reason());
    assertTrue(r.disjuncts().get(0).boxes() >= 1);
  }
}
