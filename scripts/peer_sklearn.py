# Copied from the workplace's shared tools (../shared/tools/peer_sklearn.py) so that milpnet's baselines suite
# (milpnet bench --suite baselines) runs without ../shared; unchanged below this header.
# Gradient baselines a user would pick instead: sklearn MLP (same hidden width) and L1 logistic regression.
# Usage: /usr/bin/python3 peer_sklearn.py TRAIN.csv TEST.csv HIDDEN [global|per-feature]
import sys, csv, time
import numpy as np
from sklearn.neural_network import MLPClassifier
from sklearn.linear_model import LogisticRegression
def load(p):
    r = list(csv.reader(open(p))); h = r[0]; li = h.index('label')
    X = np.array([[float(v) for j, v in enumerate(x) if j != li] for x in r[1:]]); y = np.array([int(float(x[li])) for x in r[1:]])
    return X, y
Xtr, ytr = load(sys.argv[1]); Xte, yte = load(sys.argv[2]); H = int(sys.argv[3]); mode = sys.argv[4] if len(sys.argv) > 4 else 'global'
if mode == 'global': lo, hi = Xtr.min(), Xtr.max()
else: lo, hi = Xtr.min(0), Xtr.max(0); hi = np.where(hi > lo, hi, lo + 1)
f = lambda X: np.clip((X - lo) / (hi - lo), 0, 1)
Xtr, Xte = f(Xtr), f(Xte)
for name, m in [(f'mlp{H}', MLPClassifier((H,), max_iter=2000, random_state=0)),
                ('logreg-l1', LogisticRegression(penalty='l1', C=1.0, solver='saga', max_iter=5000)),
                ('logreg-l2', LogisticRegression(max_iter=5000))]:
    t = time.time(); m.fit(Xtr, ytr)
    nz = sum(int(np.count_nonzero(np.abs(c) > 1e-8)) for c in (m.coefs_ if hasattr(m, 'coefs_') else [m.coef_]))
    print(f"{name} scaling={mode} train={m.score(Xtr, ytr):.3f} test={m.score(Xte, yte):.3f} nonzero={nz} t={time.time()-t:.1f}s")
