#!/usr/bin/env python3
"""Serve the reference page and its files on loopback and store what the
page posts back. Used only by make-masks.sh; binds 127.0.0.1 only.

Usage: server.py ROOT OUTDIR PORT EXPECTED
It exits after EXPECTED results were posted (or on a fatal page error).
"""
import base64
import http.server
import json
import os
import sys

root, outdir, port, expected = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
received = []


class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **kw):
        super().__init__(*a, directory=root, **kw)

    def log_message(self, fmt, *args):  # quiet
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.send_response(204)
        self.end_headers()
        if body.get("error"):
            print("page error:", body["error"], flush=True)
            received.append(None)
            os._exit(2)
        name = os.path.basename(body["name"])
        with open(os.path.join(outdir, name + ".pgm"), "wb") as f:
            f.write(b"P5\n%d %d\n255\n" % (body["width"], body["height"]))
            f.write(base64.b64decode(body["mask"]))
        print("got", name, body.get("info", ""), flush=True)
        received.append(name)
        if len(received) >= expected:
            os._exit(0)


http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
