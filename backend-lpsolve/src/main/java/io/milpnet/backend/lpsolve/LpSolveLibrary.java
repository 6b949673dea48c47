package io.milpnet.backend.lpsolve;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The part of lp_solve 5.5's C API ({@code lp_lib.h}) the backend calls, through JNA.
 *
 * <p>Interface mapping rather than direct mapping, on purpose: {@code Native.load} returns one proxy per attempt, so a
 * backend can try an explicit file, then the usual folders, and keep the failure as a message; a directly mapped
 * class registers its natives once per class loader and cannot be pointed at another file (or retried) afterwards,
 * which the locator tests need. The per-call cost (a few microseconds) is paid O(rows + columns) times while loading
 * a model, never inside the solve, so it does not matter next to solve times.
 *
 * <p>C types as lp_solve 5.5.2 declares them: {@code MYBOOL} is {@code unsigned char} (mapped to {@code byte}, never
 * to Java {@code boolean}, which JNA passes as a 4-byte int), {@code REAL} is {@code double}, {@code COUNTER} is
 * {@code long long}, the timeout is a C {@code long}. Columns and rows are 1-based.
 */
public interface LpSolveLibrary extends Library {
  /** lp_solve's infinity: bounds at or beyond +-1e30 are infinite. */
  double INFINITY = 1e30;

  byte FALSE = 0;
  byte TRUE = 1;

  // Row types (lp_lib.h: LE, GE, EQ).
  int LE = 1;
  int GE = 2;
  int EQ = 3;

  // Verbosity (lp_lib.h: NEUTRAL .. FULL). make_lp starts at NORMAL, which prints to stderr.
  int NEUTRAL = 0;
  int NORMAL = 4;

  // Return codes of solve (lp_lib.h, "Solver status values").
  int UNKNOWNERROR = -5;
  int DATAIGNORED = -4;
  int NOBFP = -3;
  int NOMEMORY = -2;
  int NOTRUN = -1;
  int OPTIMAL = 0;
  int SUBOPTIMAL = 1;
  int INFEASIBLE = 2;
  int UNBOUNDED = 3;
  int DEGENERATE = 4;
  int NUMFAILURE = 5;
  int USERABORT = 6;
  int TIMEOUT = 7;
  int RUNNING = 8;
  int PRESOLVED = 9;
  int ACCURACYERROR = 25;

  /**
   * {@code int (*lphandle_intfunc)(lprec *lp, void *userhandle)}: lp_solve polls it while solving; a nonzero return
   * aborts the solve with {@link #USERABORT} (or {@link #SUBOPTIMAL} when an incumbent exists).
   */
  interface AbortFunction extends Callback {
    int invoke(Pointer lp, Pointer userHandle);
  }

  /** Branch and bound found its first integer-feasible solution ({@code MSG_MILPFEASIBLE}). */
  int MSG_MILPFEASIBLE = 128;
  /** Branch and bound found a better integer-feasible solution ({@code MSG_MILPBETTER}). */
  int MSG_MILPBETTER = 512;

  /** lp_solve's {@code lphandleint_func}: a message of {@code put_msgfunc}'s mask during solve. */
  interface MessageFunction extends Callback {
    void invoke(Pointer lp, Pointer userHandle, int message);
  }

  void lp_solve_version(IntByReference major, IntByReference minor, IntByReference release, IntByReference build);

  Pointer make_lp(int rows, int columns);

  void delete_lp(Pointer lp);

  void set_minim(Pointer lp);

  void set_maxim(Pointer lp);

  byte set_obj_fnex(Pointer lp, int count, double[] row, int[] colno);

  byte set_add_rowmode(Pointer lp, byte turnOn);

  byte add_constraintex(Pointer lp, int count, double[] row, int[] colno, int constrType, double rh);

  /** Makes row {@code rownr} a range of width {@code |deltavalue|} below an LE row's right-hand side. */
  byte set_rh_range(Pointer lp, int rownr, double deltavalue);

  byte set_bounds(Pointer lp, int colnr, double lower, double upper);

  byte set_int(Pointer lp, int colnr, byte mustBeInt);

  void set_verbose(Pointer lp, int verbose);

  /** An empty file name discards lp_solve's printed output (lp_lib.c sets the stream to NULL). */
  byte set_outputfile(Pointer lp, String filename);

  void set_timeout(Pointer lp, NativeLong seconds);

  void set_mip_gap(Pointer lp, byte absolute, double gap);

  void set_break_at_first(Pointer lp, byte breakAtFirst);

  void put_abortfunc(Pointer lp, AbortFunction function, Pointer userHandle);

  void put_msgfunc(Pointer lp, MessageFunction function, Pointer userHandle, int mask);

  /** The objective of the best solution found so far during solve (without a constant). */
  double get_working_objective(Pointer lp);

  int solve(Pointer lp);

  /** The best objective found (without a constant); +-1e30 while B&B has no incumbent. */
  double get_objective(Pointer lp);

  /** Copies the column values (index 0 is column 1) into {@code values}, which needs one slot per column. */
  byte get_variables(Pointer lp, double[] values);

  int get_solutioncount(Pointer lp);

  long get_total_nodes(Pointer lp);
}
