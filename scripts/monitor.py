#!/usr/bin/env python3
"""Send one command to a QEMU human monitor on a unix socket; print the reply.

    monitor.py SOCKET COMMAND...
"""
import socket
import sys
import time


def main():
    path, cmd = sys.argv[1], " ".join(sys.argv[2:])
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect(path)
    time.sleep(0.2)
    s.recv(65536)  # banner and prompt
    s.sendall(cmd.encode() + b"\n")
    time.sleep(0.5)
    try:
        reply = s.recv(65536).decode(errors="replace")
    except socket.timeout:
        reply = ""
    s.close()
    # The monitor echoes the command with terminal escapes: keep the lines
    # after the echo, which are its answer.
    answer = [ln for ln in reply.replace("\r", "").split("\n")[1:] if ln.strip() != "(qemu)"]
    print(f"{time.strftime('%H:%M:%S')} monitor: {cmd}: {' / '.join(answer) or 'ok'}")


if __name__ == "__main__":
    main()
