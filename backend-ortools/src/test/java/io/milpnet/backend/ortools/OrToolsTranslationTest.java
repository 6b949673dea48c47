package io.milpnet.backend.ortools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.ortools.linearsolver.MPModelProto;
import io.milpnet.core.conformance.BackendConformanceKit;
import io.milpnet.core.model.Model;
import org.junit.jupiter.api.Test;

/** The public translation entry points the benchmarks call: the proto {@code solve} loads, and loading it alone. */
class OrToolsTranslationTest {
  @Test
  void theProtoHasTheModelsColumnsAndRowsWithoutNames() {
    OrToolsBackend scip = OrToolsBackend.scip();
    assumeTrue(scip.availability().available(), () -> scip.availability().reason());
    Model m = BackendConformanceKit.hardModel(10, 3, 4);
    MPModelProto proto = scip.toProto(m);
    assertEquals(10, proto.getVariableCount());
    assertEquals(4, proto.getConstraintCount());
    assertEquals("", proto.getVariable(0).getName());
  }

  @Test
  void eachKindLoadsTheModelWithoutSolving() {
    assumeTrue(OrToolsBackend.scip().availability().available());
    Model m = BackendConformanceKit.hardModel(10, 3, 4);
    OrToolsBackend.scip().loadWithoutSolving(m);
    OrToolsBackend.cbc().loadWithoutSolving(m);
    OrToolsBackend.glop().loadWithoutSolving(new io.milpnet.core.bridge.LpRelaxation().apply(m));
  }
}
