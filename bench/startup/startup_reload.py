#!/usr/bin/env python3
"""Start-up and reload time of the real daemon at N targets (+ M deployments).

Generates a config of N targets (tls:// and https:// mixed, each with its own
server_name, on a loopback port where nothing listens, so probes fail fast
and cost little) and M Lync deployments (their DNS views point at a loopback
port where nothing answers), starts the binary as a process and measures:

  listen_s   exec -> the listen port accepts a connection
  ready_s    exec -> GET /-/ready answers 200 (config loaded, probing runs)
  reload_s   POST /-/reload (--web.enable-lifecycle) -> its 200 (the reload
             is synchronous: parse, validate, build, reschedule)
  sighup_s   SIGHUP -> the daemon's "configuration loaded" log line
  rss_mib    VmRSS after the reloads
  hwm_mib    VmHWM: the peak, start-up and the reloads (each holds the old
             configuration while it parses the new one)

Polling is every 2 ms, so each figure is exact to about that. Everything is
on 127.0.0.1; the daemon is stopped (SIGTERM, by pid) at the end.

  bench/startup/startup_reload.py BUILD/daemon/app/lyncdiscover_exporter [--targets 10000] [--deployments 1000] [--reloads 3]
"""
import argparse
import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_config(path, targets, deployments, dead_port):
    lines = [
        "global:",
        "  interval: 60s",
        "  timeout: 5s",
        "  concurrency: 64",
        "trust_stores:",
        "  public: {system: true}",
        "resolvers:",
        f"  dead: {{servers: [\"127.0.0.1:{dead_port}\"]}}",
    ]
    if deployments:
        lines.append("deployments:")
        for i in range(deployments):
            lines += [
                f"  - domain: site{i:05d}.bench.test",
                f"    sip_uri: monitor@site{i:05d}.bench.test",
                "    internal: {resolver: dead}",
                "    external: {resolver: dead}",
                "    trust_stores: [public]",
            ]
    if targets:
        lines.append("targets:")
        for i in range(targets):
            name = f"host{i:05d}.bench.test"
            url = f"tls://127.0.0.1:{dead_port}" if i % 2 else f"https://127.0.0.1:{dead_port}/"
            lines += [
                f"  - name: t{i:05d}",
                f"    url: {url}",
                f"    server_name: {name}",
                "    trust_stores: [public]",
            ]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def get(port, method, path, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path)
        r = conn.getresponse()
        r.read()
        return r.status
    finally:
        conn.close()


def status_mib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary")
    ap.add_argument("--targets", type=int, default=10000)
    ap.add_argument("--deployments", type=int, default=1000)
    ap.add_argument("--reloads", type=int, default=3)
    ap.add_argument("--max-seconds", type=float, default=60.0, help="give up waiting after this")
    args = ap.parse_args()
    if not (0 <= args.targets <= 20000 and 0 <= args.deployments <= 5000 and 0 < args.reloads <= 20):
        sys.exit("targets <= 20000, deployments <= 5000, 1 <= reloads <= 20")

    work = tempfile.mkdtemp(prefix="lde-startup-")
    config = os.path.join(work, "config.yml")
    dead_port = free_port()  # nothing listens there: connects are refused at once
    write_config(config, args.targets, args.deployments, dead_port)
    port = free_port()
    log_path = os.path.join(work, "daemon.log")
    log = open(log_path, "w+")
    cmd = [args.binary, f"--config.file={config}", f"--web.listen-address=127.0.0.1:{port}",
           "--web.enable-lifecycle", "--log.level=info"]
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    deadline = t0 + args.max_seconds
    listen_s = ready_s = None
    try:
        while time.monotonic() < deadline and ready_s is None:
            if proc.poll() is not None:
                log.seek(0)
                sys.exit("daemon exited:\n" + log.read()[-4000:])
            try:
                status = get(port, "GET", "/-/ready", timeout=2)
                if listen_s is None:
                    listen_s = time.monotonic() - t0
                if status == 200:
                    ready_s = time.monotonic() - t0
                    break
            except OSError:
                pass
            time.sleep(0.002)  # polling interval of a measurement, not synchronisation
        if ready_s is None:
            sys.exit("not ready within --max-seconds")

        reloads = []
        for _ in range(args.reloads):
            t = time.monotonic()
            status = get(port, "POST", "/-/reload", timeout=args.max_seconds)
            reloads.append(time.monotonic() - t)
            if status != 200:
                sys.exit(f"reload answered {status}")

        sighups = []
        for _ in range(args.reloads):
            log.flush()
            with open(log_path) as f:
                before = f.read().count('msg="configuration loaded"')
            t = time.monotonic()
            proc.send_signal(signal.SIGHUP)
            while time.monotonic() < deadline + 60:
                with open(log_path) as f:
                    if f.read().count('msg="configuration loaded"') > before:
                        break
                time.sleep(0.002)
            sighups.append(time.monotonic() - t)
        rss = status_mib(proc.pid, "VmRSS")
        hwm = status_mib(proc.pid, "VmHWM")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    print(f"targets={args.targets} deployments={args.deployments}")
    print(f"listen_s={listen_s:.3f} ready_s={ready_s:.3f}")
    print("reload_s=" + " ".join(f"{r:.3f}" for r in reloads))
    print("sighup_s=" + " ".join(f"{r:.3f}" for r in sighups))
    print(f"rss_mib={rss:.1f}")
    print(f"hwm_mib={hwm:.1f}")


if __name__ == "__main__":
    main()
