# Bias study of docs/reports/sampling-report.md (run from the repository root after validate.sh identity):
#   sh docs/reports/scripts/sampling/seed_study.sh L gamma0 S replicas pivot_tolerance tag
# 10 seeds (outputs in out/sampling/seed_study/, ignored by git); prints the rms over the f entries of the mean deviation from the exact solver, its noise, the sd over
# seeds and the reported standard error.
P=docs/reports/scripts/sampling/problem_P4.json
D=out/sampling/seed_study
mkdir -p $D
L=$1; g=$2; S=$3; R=$4; tol=$5; tag=$6
for seed in 1 2 3 4 5 6 7 8 9 10; do
  ./dln sample --problem $P -L $L -g $g -T 10 --activation identity --samples $S --tune replicas=$R,pivot-tolerance=$tol --seed $seed --json --out $D/${tag}_$seed.json >/dev/null 2>&1
done
python3 - $L $g $tag $D <<'PY'
import json, sys, math
L,g,tag,tmp=sys.argv[1:5]
def flat(v):
    if isinstance(v, list):
        r=[]
        for x in v: r.extend(flat(x))
        return r
    return [v]
ex=flat(json.load(open(f'out/sampling/id_L{L}_g{g}_exact.json'))['observables']['f']['value'][1:])
devs=[];ses=[]
for s in range(1,11):
    d=json.load(open(f'{tmp}/{tag}_{s}.json'))['observables']['f']
    devs.append([a-b for a,b in zip(flat(d['value'][1:]),ex)]); ses.append(flat(d['stderr'][1:]))
n=len(ex); k=len(devs)
md=[sum(d[i] for d in devs)/k for i in range(n)]
sd=[math.sqrt(sum((d[i]-md[i])**2 for d in devs)/(k-1)) for i in range(n)]
rse=math.sqrt(sum(s[i]**2 for s in ses for i in range(n))/(k*n))
rsd=math.sqrt(sum(x*x for x in sd)/n)
print(f"{tag}: rms bias (mean of 10 seeds) {math.sqrt(sum(x*x for x in md)/n):.2e} +- {rsd/math.sqrt(k):.1e}; rms sd over seeds {rsd:.2e}; rms reported SE {rse:.2e}; max |mean dev|/(sd/sqrt10) {max(abs(a)/(b/math.sqrt(k)) for a,b in zip(md,sd)):.1f}")
PY
