"""The model side of advglue's subprocess protocol, version 1 (docs/subprocess-protocol.md).

An adapter builds a predict function and calls `serve`:

    from advglue_model import serve
    serve(predict=lambda inputs: [[0.1, 0.9] for _ in inputs],
          labels=["negative", "positive"], scores="probabilities", model="my model")

`predict` gets a list of inputs (each a dict from field name to text) and returns one
row of scores per input, columns in `labels` order. It may raise: the request then
fails with the exception's message, and advglue records those examples as errors.

Protocol lines go to the real standard output; `print` inside the adapter or its
libraries is moved to standard error, which advglue copies to its model log.
"""

import json
import math
import sys

PROTOCOL = "advglue-model"
VERSION = 1


def text_columns(inputs):
    """The inputs' first field and, for pair tasks, their second, as two lists for a
    tokenizer's (text, text_pair) arguments; the second is None for one-field tasks."""
    fields = list(inputs[0].keys())
    first = [item[fields[0]] for item in inputs]
    second = [item[fields[1]] for item in inputs] if len(fields) > 1 else None
    return first, second


def max_tokens(tokenizer_max_length, config):
    """Tokens per input for a Hugging Face model: the tokenizer's model_max_length, at most
    the model's positions (RoBERTa's numbered from pad_token_id + 1, so that many fewer fit)
    and at most 512. `config` is config.json as a dict."""
    reserved = (config.get("pad_token_id") or 0) + 1 if config.get("model_type") in ("roberta", "xlm-roberta") else 0
    return min(tokenizer_max_length, config.get("max_position_embeddings", 512) - reserved, 512)


def serve(predict, labels, scores, model=None, checksum=None, max_batch_size=None, on_request=None):
    """Answers advglue's handshake, then requests, until standard input closes."""
    protocol_out = sys.stdout
    sys.stdout = sys.stderr  # stray prints must not corrupt the protocol stream
    hello_line = sys.stdin.readline()
    if not hello_line:
        return
    hello = json.loads(hello_line)
    if hello.get("protocol") != PROTOCOL or VERSION not in hello.get("versions", []):
        print(f"advglue_model: cannot speak {hello.get('protocol')} versions {hello.get('versions')}", file=sys.stderr)
        sys.exit(2)
    ready = {"protocol": PROTOCOL, "version": VERSION, "labels": list(labels), "scores": scores}
    if model is not None:
        ready["model"] = model
    if checksum is not None:
        ready["checksum"] = checksum
    if max_batch_size is not None:
        ready["max_batch_size"] = max_batch_size
    _write(protocol_out, ready)
    count = 0
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        count += 1
        if on_request is not None:
            on_request(count, request)
        try:
            rows = predict(request["inputs"])
            reply = {"id": request["id"], "scores": [[_number(x) for x in row] for row in rows]}
        except Exception as error:  # the request fails, the model keeps serving
            reply = {"id": request["id"], "error": f"{type(error).__name__}: {error}"}
        _write(protocol_out, reply)


def _number(value):
    value = float(value)
    # json.dumps would write NaN/Infinity, which is not JSON; advglue still reads
    # such lines as "NaN scores", but strings keep the stream valid JSON.
    return value if math.isfinite(value) else str(value)


def _write(stream, message):
    stream.write(json.dumps(message, separators=(",", ":")) + "\n")
    stream.flush()
