#!/usr/bin/env python3
# Sequential tools/call latency of a stdio MCP server (mcp-server-time), for any command that speaks MCP on stdio:
#   python3 scripts/stdio-latency.py .cache/venv/bin/mcp-server-time
#   python3 scripts/stdio-latency.py podman run -i --rm localhost/hivekeep-test/time:1   (after scripts/container-conf.sh)
# Prints milliseconds per call over 200 calls. Used to find where the container stdio path loses time (issue 12).
import json, subprocess, sys, time, os
cmd = sys.argv[1:]
p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
def rpc(i, method, params):
    p.stdin.write((json.dumps({"jsonrpc":"2.0","id":i,"method":method,"params":params})+"\n").encode()); p.stdin.flush()
    return p.stdout.readline()
rpc(0,"initialize",{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"1"}})
p.stdin.write(b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n'); p.stdin.flush()
N=200; t=time.time()
for i in range(1,N+1): rpc(i,"tools/call",{"name":"get_current_time","arguments":{"timezone":"UTC"}})
dt=(time.time()-t)/N*1000
print(f"{' '.join(cmd[:4])}: {dt:.2f} ms/call")
p.stdin.close(); p.wait()
