#!/usr/bin/env bash
# Benchmarks advglue against external models on loopback: Seldon MLServer (KServe v2 REST)
# and the scikit-learn subprocess adapter, both serving the TF-IDF + logistic-regression
# SST-2 model trained from ../shared/corpora (scripts/testing/train_sst2_sklearn.py).
# Prints `advglue bench` tables: examples/s, queries/s, and the share of the attack
# spent with a model call in flight ("Model busy"; the rest is advglue's own overhead).
#
#   scripts/bench-external.sh                    # typo and pwws, first 200 SST-2 dev examples
#   N=872 RECIPES=typo scripts/bench-external.sh --jobs 4 --max-in-flight 4
# Extra arguments go to both `advglue bench` runs.
set -euo pipefail
cd "$(dirname "$0")/.."
corpora=${CORPORA:-../shared/corpora}
venv=$(cd "$(scripts/python-env.sh)" && pwd)
scripts/build-release.sh >&2
model=.build/advglue-fixtures/sst2-sklearn
"$venv/bin/python" scripts/testing/train_sst2_sklearn.py --corpora "$corpora" --out "$model"

port=$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
grpc=$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
metrics=$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
server=$(mktemp -d)
mkdir "$server/sst2"
cp "$model/model.joblib" "$model/model-settings.json" "$server/sst2/"
cat > "$server/settings.json" <<JSON
{"debug": false, "host": "127.0.0.1", "http_port": $port, "grpc_port": $grpc, "metrics_port": $metrics, "parallel_workers": 0}
JSON
(cd "$server" && exec "$venv/bin/mlserver" start . > "$server/mlserver.log" 2>&1) &
mlserver=$!
trap 'kill $mlserver 2>/dev/null; wait $mlserver 2>/dev/null; rm -rf "$server"' EXIT
for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:$port/v2/models/sst2/ready" >/dev/null && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$port/v2/models/sst2/ready" >/dev/null || { tail -20 "$server/mlserver.log" >&2; exit 1; }

B=.build/release/advglue
args=(--task sst2 --data "$corpora/glue_data" --num-examples "${N:-200}" --attack "${RECIPES:-typo,pwws}")
echo "KServe v2: Seldon MLServer $("$venv/bin/python" -c 'import mlserver; print(mlserver.__version__)') (scikit-learn runtime, parallel_workers 0) on 127.0.0.1"
"$B" bench "${args[@]}" --model "http://127.0.0.1:$port/v2/models/sst2" "$@"
echo
echo "Subprocess: scripts/models/sklearn_model.py"
"$B" bench "${args[@]}" --model "cmd:$venv/bin/python scripts/models/sklearn_model.py --model $model/model.joblib --labels negative,positive" "$@"
