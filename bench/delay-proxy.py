#!/usr/bin/env python3
"""ssh ProxyCommand that relays stdin/stdout to HOST:PORT, delaying each direction by DELAY_MS (one-way).

Usage: ProxyCommand python3 delay-proxy.py HOST PORT DELAY_MS [BYTES_LOG]
A round trip then costs 2*DELAY_MS on top of loopback, as from a laptop far from the cluster. Bandwidth is not
limited: each chunk is released DELAY_MS after it was read, in order. When BYTES_LOG is given, one line
"<bytes up> <bytes down>" is appended to it when the connection ends (the bench sums them per step).
"""
import os
import signal
import socket
import sys
import threading
import time
from collections import deque


def pump(read, write, delay, counter, idx, done):
    queue = deque()
    cond = threading.Condition()
    closed = [False]

    def reader():
        while True:
            try:
                data = read()
            except OSError:
                data = b""
            with cond:
                if not data:
                    closed[0] = True
                else:
                    counter[idx] += len(data)
                    queue.append((time.monotonic() + delay, data))
                cond.notify()
            if not data:
                return

    def writer():
        while True:
            with cond:
                while not queue and not closed[0]:
                    cond.wait()
                if not queue and closed[0]:
                    break
                due, data = queue.popleft()
            wait = due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                write(data)
            except OSError:
                break
        done(idx)

    threading.Thread(target=reader, daemon=True).start()
    t = threading.Thread(target=writer, daemon=True)
    t.start()
    return t


def main():
    host, port, delay_ms = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    log = sys.argv[4] if len(sys.argv) > 4 else None
    delay = delay_ms / 1000.0
    sock = socket.create_connection((host, port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    counter = [0, 0]
    stdin, stdout = sys.stdin.fileno(), sys.stdout.fileno()

    def write_out(data):
        view = memoryview(data)
        while view:
            n = os.write(stdout, view)
            view = view[n:]

    def up_done(_):
        try:
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def down_done(_):
        pass

    up = pump(lambda: os.read(stdin, 65536), sock.sendall, delay, counter, 0, up_done)
    down = pump(lambda: sock.recv(65536), write_out, delay, counter, 1, down_done)
    written = [False]

    def finish(*_):
        # ssh ends its ProxyCommand with SIGHUP/SIGTERM: record the byte counts before leaving
        if log and not written[0]:
            written[0] = True
            with open(log, "a") as f:
                f.write("%d %d\n" % (counter[0], counter[1]))
        os._exit(0)

    signal.signal(signal.SIGHUP, finish)
    signal.signal(signal.SIGTERM, finish)
    down.join()
    finish()


if __name__ == "__main__":
    main()
