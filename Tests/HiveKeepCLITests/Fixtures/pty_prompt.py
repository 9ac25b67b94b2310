"""Drives a hidden prompt of the hivekeep CLI on a real pseudo-terminal, as a user at a terminal would.

Usage: pty_prompt.py ACTION HIVEKEEP ARGS...   (the environment is passed on to hivekeep)

ACTION is `answer VALUE` folded into one argument as `answer:VALUE`, or `interrupt`. Waits for the prompt (the text
ending in ": "), reads the terminal's echo flag at that moment, then types VALUE and Enter, or Ctrl-C. Prints one
JSON object: the echo flag while prompting, the echo flag after the process ended, how it ended, and everything
the terminal showed.
"""

import json
import os
import pty
import select
import sys
import termios
import time


def read_until(fd, marker, deadline):
    seen = b""
    while marker not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


def echo_on(fd):
    return bool(termios.tcgetattr(fd)[3] & termios.ECHO)


def main():
    action, program, arguments = sys.argv[1], sys.argv[2], sys.argv[3:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(program, [program] + arguments, dict(os.environ))
    deadline = time.monotonic() + 30
    shown = read_until(fd, b": ", deadline)
    prompted = b": " in shown
    echo_while_prompting = echo_on(fd)
    if action == "interrupt":
        os.write(fd, b"\x03")
    else:
        os.write(fd, action.split(":", 1)[1].encode() + b"\r")
    rest = b""
    status = None
    while time.monotonic() < deadline:
        rest += read_until(fd, b"\0never\0", time.monotonic() + 0.2)
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
    rest += read_until(fd, b"\0never\0", time.monotonic() + 0.2)
    echo_after = echo_on(fd)
    result = {
        "prompted": prompted,
        "echo_while_prompting": echo_while_prompting,
        "echo_after": echo_after,
        "signal": os.WTERMSIG(status) if status is not None and os.WIFSIGNALED(status) else None,
        "exit": os.WEXITSTATUS(status) if status is not None and os.WIFEXITED(status) else None,
        "shown": (shown + rest).decode("utf-8", "replace"),
    }
    print(json.dumps(result))


main()
