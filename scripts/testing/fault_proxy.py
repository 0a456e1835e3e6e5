#!/usr/bin/env python3
"""A small HTTP/1.1 proxy on loopback that injects faults in front of a KServe v2 server or
an OpenAI-compatible chat server, for advglue's fault-tolerance tests. Standard library only.

    fault_proxy.py --upstream 127.0.0.1:8080 [--port 0] [faults...]

prints "PORT n" on its first line of standard output once it listens. Faults apply to
inference requests (POST .../infer or .../chat/completions), counted from 1 in arrival order:

    --fail-every N --fail-status 503 --retry-after S   answer every Nth with that status
    --delay-every N --delay S                          hold every Nth for S seconds first
    --nan-marker WORD [--nan-format bare|null|string]  scores NaN for inputs containing WORD
    --require-header 'Name: value'                     answer 401 to requests without it
    --echo-headers                                     injected faults echo the request's headers in
                                                       their body, as many proxies' error pages do
    --html-every N                                     answer every Nth with 200 and an HTML page
    --pad-kb K                                         pad every inference reply with K KiB of JSON
    --tls-cert PEM --tls-key PEM                       speak HTTPS to clients
    --log-requests FILE                                append each inference request's body to FILE,
                                                       one JSON document per line

GET /__proxy/stats answers {"connections", "requests", "failed", "delayed", "nan_rows"}:
connections counts the TCP connections clients opened, so requests/connections shows
whether the client reuses them.
"""

import argparse
import asyncio
import json
import sys

STATS = {"connections": 0, "requests": 0, "infer": 0, "failed": 0, "delayed": 0, "nan_rows": 0}


async def read_message(reader, is_response=False):
    """Reads a start line, headers and body; returns (start, headers list, body) or None at EOF."""
    start = await reader.readline()
    if not start:
        return None
    headers = []
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        headers.append((name.strip(), value.strip()))
    lookup = {name.lower(): value for name, value in headers}
    if "content-length" in lookup:
        body = await reader.readexactly(int(lookup["content-length"]))
    elif lookup.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            size = int((await reader.readline()).strip().split(b";")[0], 16)
            if size == 0:
                await reader.readline()
                break
            body += await reader.readexactly(size)
            await reader.readline()
        headers = [(n, v) for n, v in headers if n.lower() != "transfer-encoding"]
    else:
        body = b""
    headers = [(n, v) for n, v in headers if n.lower() != "content-length"]
    return start.decode("latin-1").rstrip("\r\n"), headers, body


def encode(start, headers, body):
    lines = [start] + [f"{n}: {v}" for n, v in headers] + [f"Content-Length: {len(body)}", "", ""]
    return "\r\n".join(lines).encode("latin-1") + body


def inject_nan(request_body, response_body, marker, form):
    request = json.loads(request_body)
    texts = [" ".join(str(x) for x in values) for values in zip(*[t["data"] for t in request["inputs"]])]
    response = json.loads(response_body)
    rows = [i for i, text in enumerate(texts) if marker in text]
    if not rows:
        return response_body
    for output in response["outputs"]:
        if output.get("datatype", "").startswith("FP") and len(output["shape"]) == 2:
            columns = output["shape"][1]
            data = output["data"]
            flat = data if not data or not isinstance(data[0], list) else [x for row in data for x in row]
            for row in rows:
                for column in range(columns):
                    flat[row * columns + column] = {"bare": float("nan"), "null": None, "string": "NaN"}[form]
            output["data"] = flat
    STATS["nan_rows"] += len(rows)
    return json.dumps(response).encode()


async def handle(client_reader, client_writer, args):
    STATS["connections"] += 1
    upstream = None
    try:
        while True:
            message = await read_message(client_reader)
            if message is None:
                break
            start, headers, body = message
            STATS["requests"] += 1
            method, path, _ = start.split(" ", 2)
            if path == "/__proxy/stats":
                payload = json.dumps(STATS).encode()
                client_writer.write(encode("HTTP/1.1 200 OK", [("Content-Type", "application/json")], payload))
                await client_writer.drain()
                continue
            if args.require_header:
                name, _, value = args.require_header.partition(":")
                sent = {n.lower(): v for n, v in headers}.get(name.strip().lower())
                if sent != value.strip():
                    STATS["unauthorized"] = STATS.get("unauthorized", 0) + 1
                    client_writer.write(encode("HTTP/1.1 401 Unauthorized", [], b'{"error": "unauthorized"}'))
                    await client_writer.drain()
                    continue
            is_infer = method == "POST" and (path.endswith("/infer") or path.endswith("/chat/completions"))
            number = 0
            if is_infer:
                STATS["infer"] += 1
                number = STATS["infer"]
                if args.log_requests:
                    with open(args.log_requests, "ab") as log:
                        log.write(body.replace(b"\n", b" ") + b"\n")
            if is_infer and args.fail_every and number % args.fail_every == 0:
                STATS["failed"] += 1
                extra = [("Retry-After", args.retry_after)] if args.retry_after else []
                fault = {"error": "injected fault"}
                if args.echo_headers:
                    fault["request_headers"] = {n: v for n, v in headers}
                client_writer.write(encode(f"HTTP/1.1 {args.fail_status} Injected", extra, json.dumps(fault).encode()))
                await client_writer.drain()
                continue
            if is_infer and args.html_every and number % args.html_every == 0:
                STATS["html"] = STATS.get("html", 0) + 1
                page = b"<html><body><h1>Gateway hiccup</h1></body></html>"
                client_writer.write(encode("HTTP/1.1 200 OK", [("Content-Type", "text/html")], page))
                await client_writer.drain()
                continue
            if is_infer and args.delay_every and number % args.delay_every == 0:
                STATS["delayed"] += 1
                await asyncio.sleep(args.delay)
            if upstream is None:
                host, port = args.upstream.rsplit(":", 1)
                upstream = await asyncio.open_connection(host, int(port))
            up_reader, up_writer = upstream
            # Ask for plain bodies so scores can be rewritten (MLServer gzips large ones).
            forwarded = [(n, v) for n, v in headers if n.lower() != "accept-encoding"]
            up_writer.write(encode(start, forwarded, body))
            await up_writer.drain()
            reply = await read_message(up_reader, is_response=True)
            if reply is None:
                break
            status, reply_headers, reply_body = reply
            if is_infer and args.nan_marker and status.split(" ")[1] == "200":
                reply_body = inject_nan(body, reply_body, args.nan_marker, args.nan_format)
            if is_infer and args.pad_kb and status.split(" ")[1] == "200":
                padded = json.loads(reply_body)
                padded["padding"] = "x" * (args.pad_kb * 1024)
                reply_body = json.dumps(padded).encode()
                reply_headers = [(n, v) for n, v in reply_headers if n.lower() != "content-length"]
            client_writer.write(encode(status, reply_headers, reply_body))
            await client_writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError, OSError):
        pass
    finally:
        if upstream is not None:
            upstream[1].close()
        client_writer.close()


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--fail-every", type=int, default=0)
    parser.add_argument("--fail-status", type=int, default=503)
    parser.add_argument("--retry-after", default=None)
    parser.add_argument("--delay-every", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0)
    parser.add_argument("--nan-marker", default=None)
    parser.add_argument("--nan-format", choices=["bare", "null", "string"], default="bare")
    parser.add_argument("--require-header", default=None)
    parser.add_argument("--echo-headers", action="store_true")
    parser.add_argument("--html-every", type=int, default=0)
    parser.add_argument("--pad-kb", type=int, default=0)
    parser.add_argument("--tls-cert", default=None)
    parser.add_argument("--tls-key", default=None)
    parser.add_argument("--log-requests", default=None)
    args = parser.parse_args()
    context = None
    if args.tls_cert:
        import ssl
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
    server = await asyncio.start_server(lambda r, w: handle(r, w, args), "127.0.0.1", args.port, ssl=context)
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
