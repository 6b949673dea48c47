package io.milpnet.cli;

import io.milpnet.core.solver.SolverRegistry;
import io.milpnet.formulation.activation.Activations;
import io.milpnet.formulation.encode.ReluPartitionFormulation;
import io.milpnet.formulation.pipeline.PipelineSettings.Given;
import io.milpnet.formulation.pipeline.TrainingPipeline;
import io.milpnet.formulation.spec.Shape;
import io.milpnet.formulation.train.Encoding;
import io.milpnet.formulation.train.Implication;
import io.milpnet.formulation.train.LossKind;
import io.milpnet.formulation.train.Monotone;
import io.milpnet.formulation.train.Tightening;
import io.milpnet.formulation.train.TrainingConfig;
import io.milpnet.formulation.train.WeightDomain;
import io.milpnet.formulation.verify.BoundMethod;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The options of {@code milpnet train} that state the training problem (a picocli mixin): the architecture, the task
 * and loss, penalties and budgets, domain constraints, weight domains, encodings and tightening; turned into a
 * {@link TrainingConfig}.
 */
final class ProblemOptions {
  static {
    // The help lists the registered activations (picocli reads the property when it renders the description).
    System.setProperty("milpnet.activations", String.join("|", Activations.standard().usageList()));
  }

  @Option(names = "--arch", defaultValue = "dense:3", paramLabel = "LAYERS",
      description = "Hidden layers, e.g. dense:4,dense:3 or conv:2@3x3,maxpool:2,flatten,dense:2 (layers: dense:N,"
          + " conv:C@KxK[/S], maxpool:P, avgpool:P, gate:N, flatten, or none for a linear model; activation suffix"
          + " /${sys:milpnet.activations}, relu by default) (default:"
          + " ${DEFAULT-VALUE}); the output layer is added.")
  String arch;

  @Option(names = "--input-shape", paramLabel = "CxHxW",
      description = "The features as CxHxW images (channel-major, e.g. 1x8x8 for 64 pixel columns); needed by conv"
          + " and pooling layers.")
  String inputShape;

  @Option(names = "--task", defaultValue = "classification", paramLabel = "classification|regression",
      description = "Classify (integer labels) or regress the label column's values (one linear output; the targets"
          + " are min-max scaled like the inputs) (default: ${DEFAULT-VALUE}).")
  String task;

  @Option(names = "--loss", paramLabel = "hinge|zero-one|l1|linf",
      description = "Training loss: hinge (default) or zero-one for classification; l1 (default, sum of absolute"
          + " errors) or linf (largest absolute error) for regression.")
  String loss;

  @Option(names = "--margin", paramLabel = "M",
      description = "Margin of the hinge / 0-1 loss (default: " + TrainingConfig.DEFAULT_MARGIN + "; with validation"
          + " the gradient network is scaled so that this margin is the median margin of its correct training rows).")
  Double margin;

  @Option(names = "--l1", paramLabel = "LAMBDA", description = "Penalty on sum |w| (default: 0; with validation,"
      + " the value at which the gradient network's scale is stationary for the MILP objective, said in summary.json).")
  Double l1;

  @Option(names = "--l0", paramLabel = "LAMBDA", description = "Penalty per nonzero weight (default: 0; with"
      + " validation " + TrainingPipeline.VALIDATED_L0 + " x the margin: a sample's whole margin is worth "
      + (int) (1 / TrainingPipeline.VALIDATED_L0) + " weights).")
  Double l0;

  @Option(names = "--neuron-penalty", paramLabel = "LAMBDA",
      description = "Penalty per live hidden unit; > 0 turns neuron pruning on (default: 0; with validation "
          + TrainingPipeline.VALIDATED_UNIT_WEIGHTS + " x the L0 penalty: a unit costs as much as that many weights).")
  Double neuronPenalty;

  @Option(names = "--feature-penalty", defaultValue = "0",
      description = "Penalty per input feature the network reads; > 0 turns feature selection on (default: 0).")
  double featurePenalty;

  @Option(names = "--max-features", paramLabel = "K",
      description = "Read at most K input features (feature selection by binaries; default: all).")
  Integer maxFeatures;

  @Option(names = "--max-neurons", paramLabel = "K",
      description = "At most K live hidden units over all hidden layers (neuron pruning; default: no limit).")
  Integer maxNeurons;

  @Option(names = "--layer-penalty", defaultValue = "0",
      description = "Penalty per kept hidden layer among those that may become the identity (a ReLU layer fed by a"
          + " ReLU layer of the same width); > 0 turns layer pruning on (default: 0).")
  double layerPenalty;

  @Option(names = "--filter-penalty", defaultValue = "0",
      description = "Penalty per active convolution filter; > 0 turns filter pruning on: an off filter's kernel and"
          + " bias vanish (default: 0).")
  double filterPenalty;

  @Option(names = "--monotone", split = ",", paramLabel = "FEATURE=increasing|decreasing",
      description = "Domain constraint: the score of the larger label never falls (increasing) or rises (decreasing)"
          + " as FEATURE grows, for every input; one ReLU hidden layer and two classes (experiment file: monotone:"
          + " {FEATURE: increasing}).")
  Map<String, String> monotone;

  @Option(names = "--implication", split = ",", paramLabel = "L:U->L:U",
      description = "Domain constraint between hidden ReLU units (layer:unit, counting from 1): on every training"
          + " sample, when the first is active (pre-activation > 0) the second is too (>= 0); e.g. 1:1->1:2"
          + " (experiment file: implication: [\"1:1 -> 1:2\"]).")
  List<String> implications;

  @Option(names = "--anchors", paramLabel = "FILE.csv",
      description = "Domain constraint: rows (same columns as --data) the network must predict as their label.")
  Path anchors;

  @Option(names = "--weight-bound", paramLabel = "OMEGA",
      description = "Bound Omega of first-layer weights, |w| <= Omega (default: " + TrainingConfig.DEFAULT_WEIGHT_BOUND
          + "; with validation, the largest first-layer weight of the gradient network, said in summary.json).")
  Double weightBound;

  double weightBound() {
    return weightBound == null ? TrainingConfig.DEFAULT_WEIGHT_BOUND : weightBound;
  }

  @Option(names = "--bias-bound", paramLabel = "B",
      description = "Bound of every bias (default: derived per layer from the bounds of its weighted inputs).")
  Double biasBound;

  @Option(names = "--grid-scale", defaultValue = "1",
      description = "Scale s of ternary weights s*{-1,0,1} of layers fed by hidden units (default: 1).")
  double gridScale;

  @Option(names = "--weight-domain", paramLabel = "ternary|integer:K",
      description = "Weights of layers fed by hidden units: ternary s*{-1,0,1} or integer s*{-K..K} (binary"
          + " expansion, exact products), s = --grid-scale; a single ReLU hidden layer with one output keeps sign"
          + " output weights, which lose nothing (default: ternary; with validation, the coarsest of ternary,"
          + " integer:2, integer:3, integer:7 onto which the gradient network projects without losing validation"
          + " accuracy).")
  String weightDomain;

  String weightDomain() {
    return weightDomain == null ? "ternary" : weightDomain;
  }

  @Option(names = "--first-layer-domain", defaultValue = "continuous", paramLabel = "continuous|ternary|integer:K",
      description = "Weights of layers fed by data: continuous in [-Omega, Omega], or a grid spanning it"
          + " (default: ${DEFAULT-VALUE}).")
  String firstLayerDomain;

  @Option(names = "--relu", defaultValue = "bigm", paramLabel = "bigm|indicator|psplit:N",
      description = "ReLU encoding: big-M rows from bounds, indicator constraints, or the partition-based"
          + " formulation with N groups of terms per unit on top of big-M (Tsay et al. 2021) (default:"
          + " ${DEFAULT-VALUE}).")
  String relu;

  @Option(names = "--maxpool", defaultValue = "bigm", paramLabel = "bigm|tight",
      description = "Max-pooling encoding: one big-M constant per candidate, or per-candidate constants with"
          + " y <= sum U_k d_k (Anderson et al. 2020) (default: ${DEFAULT-VALUE}).")
  String maxpool;

  @Option(names = "--lipschitz-cuts", defaultValue = "" + Tightening.DEFAULT_NEIGHBOURS, paramLabel = "K",
      description = "Cross-sample Lipschitz cuts between each sample and its K nearest samples of other classes,"
          + " for the pairs where they can raise the loss bound; 0: none (default: ${DEFAULT-VALUE}).")
  int lipschitzCuts;

  @Option(names = "--lp-backend", defaultValue = BackendChoice.LP_DEFAULT, paramLabel = "NAME",
      description = "Backend of the bound-tightening LPs (--bounds lp) and of --lp-bound; OR-Tools backends solve a"
          + " layer's LPs in parallel (default: ${DEFAULT-VALUE}).")
  String lpBackend;

  @Option(names = "--lp-bound",
      description = "Also solve the LP relaxation of the training MILP (--lp-backend) and report its optimum, the"
          + " root bound (lpBound and rootGap in summary.json).")
  boolean lpBoundRequested;

  @Option(names = "--gap-diagnosis",
      description = "After an exact solve, solve the LP relaxation again with each kind of binaries (ReLU phases, grid"
          + " weights, L0 and neuron indicators, loss indicators) fixed to the solver's network, and with only that"
          + " kind relaxed: where the root gap comes from (gapDiagnosis in summary.json).")
  boolean gapDiagnosis;

  @Option(names = "--bounds", defaultValue = "interval", paramLabel = "interval|lp",
      description = "Pre-activation bounds (big-M constants): interval arithmetic, or LP-based tightening (OBBT)"
          + " with an LP backend, up to a quarter of the time limit (default: ${DEFAULT-VALUE}).")
  String bounds;

  @Option(names = "--gradient-bounds", paramLabel = "W",
      description = "Restrict every hidden pre-activation to the gradient warm start's range of that unit over the"
          + " training rows, widened by W times its width on each side (rows and big-M constants): a smaller, tighter"
          + " MILP around the gradient network, whose bound is not a bound of the whole problem (the run then reports"
          + " FEASIBLE and no bound). Needs --warm-start gradient (default: off).")
  Double gradientBounds;

  @Option(names = "--no-structure-cuts", description = "With --l0, --l1 or --neuron-penalty, do not add the"
      + " structure-aware Lipschitz rows (on by default): |o_ic - o_kc| <= sum_j D_j |v_cj| and, with one hidden"
      + " layer whose weights have L0 indicators, <= Omega sum_jm |x_im - x_km| s_jm, for each sample and its nearest"
      + " sample of another class (two samples are told apart only through weights the objective pays for).")
  boolean noStructureCuts;

  @Option(names = "--no-symmetry-breaking", description = "Do not order interchangeable hidden units.")
  boolean noSymmetryBreaking;

  /** The training problem's settings; every value is checked here, before any file is read. */
  TrainingConfig config(SolverFlags solver, SolverRegistry registry) {
    String lossName = loss != null ? loss : regression() ? "l1" : "hinge";
    LossKind lossKind = switch (lossName.toLowerCase(Locale.ROOT)) {
      case "hinge" -> LossKind.HINGE;
      case "zero-one", "0-1", "zero_one" -> LossKind.ZERO_ONE;
      case "l1" -> LossKind.L1;
      case "linf", "l-inf", "max" -> LossKind.LINF;
      default -> throw new UserInputException("--loss '" + loss + "' is not a loss: use hinge or zero-one"
          + " (classification), l1 or linf (regression)");
    };
    if (lossKind.regression() != regression()) {
      throw new UserInputException(regression()
          ? "--loss " + lossName + " is a classification loss: with --task regression use l1 or linf"
          : "--loss " + lossName + " is a regression loss: add --task regression, or use hinge or zero-one");
    }
    String reluKey = relu.toLowerCase(Locale.ROOT);
    int partitions = 0;
    if (reluKey.startsWith("psplit")) {
      // Parsed (and refused when malformed) as verify parses it; the partitions sit on top of big-M rows.
      partitions = ((ReluPartitionFormulation) VerifierSetup.reluFormulation(relu)).partitions();
      reluKey = "bigm";
    }
    Encoding encoding = switch (reluKey) {
      case "bigm", "big-m" -> Encoding.BIG_M;
      case "indicator", "indicators" -> Encoding.INDICATOR;
      default -> throw new UserInputException("--relu '" + relu + "' is not an encoding: use bigm, indicator or"
          + " psplit:N");
    };
    boolean tightPool = switch (maxpool.toLowerCase(Locale.ROOT)) {
      case "bigm", "big-m" -> false;
      case "tight" -> true;
      default -> throw new UserInputException("--maxpool '" + maxpool + "' is not an encoding: use bigm or tight");
    };
    if (lipschitzCuts < 0) {
      throw new UserInputException("--lipschitz-cuts must be >= 0 (0: none), got " + lipschitzCuts);
    }
    BoundMethod boundMethod;
    try {
      boundMethod = BoundMethod.parse(bounds);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--bounds '" + bounds + "' is not a bound method for training: use interval or lp");
    }
    if (boundMethod == BoundMethod.SYMBOLIC) {
      throw new UserInputException("--bounds symbolic is for fixed networks (verify): training takes interval or lp");
    }
    // Invalid time limits are reported by the solver flags; the budget only needs to be a number here.
    double lpBudget = solver.timeLimit > 0 ? solver.timeLimit / 4 : 0;
    // Bound-tightening LPs are independent: one per core at least, more with --threads.
    Tightening tightening = new Tightening(lipschitzCuts, partitions, tightPool, boundMethod, lpBudget,
        BackendChoice.lpThreads(lpBackend, solver.threads(), registry), !noStructureCuts);
    return new TrainingConfig(lossKind, margin == null ? TrainingConfig.DEFAULT_MARGIN : margin, l1 == null ? 0 : l1,
        l0 == null ? 0 : l0, neuronPenalty == null ? 0 : neuronPenalty, weightBound(),
        biasBound == null ? Double.NaN : biasBound, gridScale, encoding, !noSymmetryBreaking,
        firstLayerDomain.equalsIgnoreCase("continuous") ? null
            : domain(firstLayerDomain, true, "--first-layer-domain"), false,
        featurePenalty, maxFeatures == null ? TrainingConfig.NO_BUDGET : maxFeatures,
        maxNeurons == null ? TrainingConfig.NO_BUDGET : maxNeurons, layerPenalty, monotoneConstraints(), filterPenalty,
        inputShape == null ? null : Shape.parse(inputShape, "--input-shape"),
        domain(weightDomain(), false, "--weight-domain"), implications(), tightening);
  }
  private Map<String, Monotone> monotoneConstraints() {
    Map<String, Monotone> m = new LinkedHashMap<>();
    if (monotone != null) {
      monotone.forEach((feature, direction) -> {
        try {
          m.put(feature, Monotone.parse(feature, direction));
        } catch (IllegalArgumentException e) {
          throw new UserInputException("--monotone: " + e.getMessage());
        }
      });
    }
    return m;
  }
  private List<Implication> implications() {
    List<Implication> list = new ArrayList<>();
    for (String text : implications == null ? List.<String>of() : implications) {
      try {
        list.add(Implication.parse(text, "--implication"));
      } catch (IllegalArgumentException e) {
        throw new UserInputException(e.getMessage());
      }
    }
    return list;
  }

  private WeightDomain domain(String text, boolean fedByData, String option) {
    try {
      return WeightDomain.parse(text, fedByData, weightBound(), gridScale, option);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
  }

  boolean regression() {
    return task.equalsIgnoreCase("regression");
  }

  /** The settings the user gave that validation would otherwise choose. */
  Set<Given> given() {
    Set<Given> given = EnumSet.noneOf(Given.class);
    if (l1 != null) {
      given.add(Given.L1);
    }
    if (l0 != null) {
      given.add(Given.L0);
    }
    if (neuronPenalty != null) {
      given.add(Given.NEURON_PENALTY);
    }
    if (weightBound != null) {
      given.add(Given.WEIGHT_BOUND);
    }
    if (weightDomain != null) {
      given.add(Given.WEIGHT_DOMAIN);
    }
    return given;
  }
}
