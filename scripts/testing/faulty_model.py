#!/usr/bin/env python3
"""The scikit-learn subprocess adapter with faults injected, for advglue's tests.

    faulty_model.py [faults] sklearn_model.py-arguments...

    --crash-on N        exit with status 3 on the Nth request (counted per process)
    --hang-on N         stop answering on the Nth request (advglue's --timeout kills it)
    --nan-marker WORD   NaN scores for inputs containing WORD
    --error-marker WORD fail requests with an input containing WORD (the adapter's error reply)
    --stderr-mib N      write N MiB to standard error, with no line break, on each request
    --stdout-mib N      prefix each reply with N MiB on standard output (one huge reply line)
"""

import math
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models"))
import sklearn_model  # noqa: E402


def take(argv, flag, convert=str):
    if flag not in argv:
        return None
    index = argv.index(flag)
    value = convert(argv[index + 1])
    del argv[index:index + 2]
    return value


def main():
    argv = sys.argv[1:]
    crash_on = take(argv, "--crash-on", int)
    hang_on = take(argv, "--hang-on", int)
    nan_marker = take(argv, "--nan-marker")
    error_marker = take(argv, "--error-marker")
    stderr_mib = take(argv, "--stderr-mib", int)
    stdout_mib = take(argv, "--stdout-mib", int)

    def on_request(count, request):
        if stdout_mib:
            sys.__stdout__.write("x" * (stdout_mib << 20))  # the protocol stream, before the reply
        if stderr_mib:
            sys.stderr.write("x" * (stderr_mib << 20))
            sys.stderr.flush()
        if count == crash_on:
            print(f"faulty_model: crashing on request {count} as asked", file=sys.stderr, flush=True)
            os._exit(3)
        if count == hang_on:
            print(f"faulty_model: hanging on request {count} as asked", file=sys.stderr, flush=True)
            time.sleep(3600)


    def wrap(predict):
        def faulty(inputs):
            if error_marker and any(error_marker in text for item in inputs for text in item.values()):
                raise ValueError(f"an input contains '{error_marker}'")
            rows = predict(inputs)
            if nan_marker:
                for row, item in zip(rows, inputs):
                    if any(nan_marker in text for text in item.values()):
                        row[:] = [math.nan] * len(row)
            return rows
        return faulty

    sklearn_model.main(argv, on_request=on_request, wrap_predict=wrap)


if __name__ == "__main__":
    main()
