"""A fork server for the AWS CLI, so that the tests pay for its Python start-up once.

Run it with the interpreter of an AWS CLI script (the script's #! line), the script's path and
warm-up commands, one argument each ("securityhub describe-hub"):

    python awscli_forkserver.py /path/to/aws "securityhub describe-hub" ...

It runs each warm-up command in a child against a closed port and then imports the modules,
parses the data files (service models, endpoints) and lists the data directories that the
child did. It prints {"ready": true} and reads one JSON request per line from stdin,

    {"id": 1, "argv": ["securityhub", "describe-hub"], "env": ["K=V", ...], "dir": "/x",
     "stdout": "/tmp/out", "stderr": "/tmp/err"}

and answers each, when it has ended, with one JSON line on stdout: {"id": 1, "code": 255}.
Every request runs in a forked child that sets the request's environment, working directory
and standard streams (stdin is /dev/null; stdout and stderr are the given files) and runs the
script as `python /path/to/aws argv...` would: a new botocore session that reads the
environment, the same output and exit code. What it shares with the other calls is only what
a process of the CLI would have computed alike: imported modules, the first parse of each data
file (later parses are its own) and the listing of the installed data directories; a --debug
call does not log "Loading JSON file" for the files parsed here. Requests run concurrently;
the server ends when stdin closes and its children have ended.
"""

import atexit
import gc
import importlib
import io
import json
import os
import runpy
import selectors
import signal
import sys
import traceback


def preload(script, warm_up_commands):
    """Imports what the CLI imports and parses the data files it reads for warm_up_commands,
    which a child runs first against a closed port, so that no child spends CPU on them."""
    with open(script) as f:
        if "awscli.clidriver" not in f.read():
            raise SystemExit("%s is not an AWS CLI script" % script)
    import awscli.clidriver  # noqa: F401  (the script's import)
    loaders = None
    for name in ("awscli.botocore.loaders", "botocore.loaders"):  # the CLI v2's own, the v1's
        try:
            loaders = importlib.import_module(name)
            break
        except ImportError:
            pass
    parsed = {}  # data file (without its extension) to its data, parsed here and not touched again
    listed = {}  # (search paths, type name) to the services a loader there lists
    read = []  # the data files a warm-up child parsed
    if loaders is not None:
        parse = loaders.JSONFileLoader.load_file
        list_services = loaders.Loader.list_available_services

        def load_file(self, file_path):
            # A child's first read of a file parsed here gets this process's parse, as if it
            # had parsed the file itself; later reads parse again, as they would.
            data = parsed.pop(file_path, None)
            if data is not None:
                return data
            read.append(file_path)
            return parse(self, file_path)

        def list_available_services(self, type_name):
            # The installed data directories, listed (thousands of stat calls) once: a new
            # list each time, as the loader sorts one for each call.
            key = (tuple(self.search_paths), type_name)
            if key not in listed:
                listed[key] = list_services(self, type_name)
            return list(listed[key])

        loaders.JSONFileLoader.load_file = load_file
        loaders.Loader.list_available_services = list_available_services
    for command in warm_up_commands:
        modules, files, listings = warm_up(script, command.split(), read, listed)
        for name in modules:
            if name not in sys.modules:
                try:
                    importlib.import_module(name)
                except Exception:
                    pass  # a module that only a child can import: it imports it itself
        for file_path in files:
            if file_path not in parsed:
                data = parse(loaders.JSONFileLoader(), file_path)
                if data is not None:
                    parsed[file_path] = data
        listed.update(listings)


def warm_up(script, argv, read, listed):
    """Runs the CLI with argv in a child, against a port nobody listens on, and returns the
    names of the modules it imported, in their order, the data files it parsed and the
    service listings (listed, grown) it made."""
    import pickle
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        code = 1
        try:
            env = dict(os.environ, AWS_ACCESS_KEY_ID="000000000000", AWS_SECRET_ACCESS_KEY="x",
                       AWS_DEFAULT_REGION="us-east-1", AWS_MAX_ATTEMPTS="1",
                       AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull)
            request = {"argv": argv + ["--endpoint-url", "http://127.0.0.1:9"],
                       "env": ["%s=%s" % kv for kv in env.items()], "dir": "/",
                       "stdout": os.devnull, "stderr": os.devnull}
            atexit.register(lambda: os.write(w, pickle.dumps((list(sys.modules), read, listed))))
            run_child(script, request, {}, ())
        finally:
            os._exit(code)
    os.close(w)
    with os.fdopen(r, "rb") as f:
        data = f.read()
    os.waitpid(pid, 0)
    return pickle.loads(data) if data else ([], [], {})


def run_child(script, request, import_changes, parent_fds):
    """Runs one CLI call in this forked child and never returns."""
    code = 1
    try:
        signal.set_wakeup_fd(-1)
        for sig in (signal.SIGCHLD, signal.SIGTERM):
            signal.signal(sig, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDONLY)
        out = os.open(request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        err = os.open(request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        for fd, std in ((devnull, 0), (out, 1), (err, 2)):
            os.dup2(fd, std)
            os.close(fd)
        for fd in parent_fds:
            if fd > 2:
                os.close(fd)
        # New standard streams on the new descriptors, made as the interpreter makes them.
        encoding, errors = sys.__stdout__.encoding, sys.__stdout__.errors
        sys.stdin = sys.__stdin__ = open(0, "r", encoding=encoding, errors=errors, closefd=False)
        sys.stdout = sys.__stdout__ = open(1, "w", encoding=encoding, errors=errors, closefd=False)
        sys.stderr = sys.__stderr__ = io.TextIOWrapper(
            io.BufferedWriter(io.FileIO(2, "w", closefd=False)),
            encoding=encoding, errors="backslashreplace", line_buffering=True)
        set_environment(request["env"], import_changes)
        os.chdir(request["dir"])
        sys.argv = [script] + request["argv"]
        code = exit_code(lambda: runpy.run_path(script, run_name="__main__"))
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                code = 120  # as the interpreter exits when it cannot flush stdout
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
    finally:
        os._exit(code)


def set_environment(entries, import_changes):
    """Makes os.environ the request's environment with what importing the CLI changed in it
    (awscli adds its data directory to AWS_DATA_PATH): import_changes maps each such variable
    to its value before and after the import."""
    env = dict(entry.partition("=")[::2] for entry in entries)
    for key, (before, after) in import_changes.items():
        if env.get(key) != before:
            raise SystemExit("awscli_forkserver: %s differs from the server's; a request cannot "
                             "change what the CLI's import reads" % key)
        if after is None:
            env.pop(key, None)
        else:
            env[key] = after
    os.environ.clear()
    os.environ.update(env)


def exit_code(main):
    """Runs main and returns the exit code the interpreter would exit with."""
    try:
        main()
    except SystemExit as e:
        if e.code is None:
            return 0
        if isinstance(e.code, int):
            return e.code & 0xFF
        print(e.code, file=sys.stderr)
        return 1
    except BaseException:
        traceback.print_exc()
        return 1
    return 0


def serve(script, warm_up_commands):
    sys.path[0] = os.path.dirname(os.path.abspath(script))  # as `python script` has it
    before = dict(os.environ)
    preload(script, warm_up_commands)
    import_changes = {key: (before.get(key), os.environ.get(key))
                      for key in set(before) | set(os.environ) if before.get(key) != os.environ.get(key)}
    gc.collect()
    gc.freeze()  # children then leave the preloaded objects, and their pages, alone

    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    requests = sys.stdin.buffer.raw
    answers = sys.stdout.buffer
    sel = selectors.PollSelector()  # epoll refuses a file as stdin
    sel.register(requests, selectors.EVENT_READ)
    sel.register(wake_r, selectors.EVENT_READ)
    answers.write(b'{"ready": true}\n')
    answers.flush()
    running = {}  # child pid to request id
    pending = b""
    open_input = True
    while open_input or running:
        for key, _ in sel.select():
            if key.fileobj is requests:
                chunk = os.read(requests.fileno(), 65536)
                if not chunk:
                    open_input = False
                    sel.unregister(requests)
                    continue
                pending += chunk
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    request = json.loads(line)
                    answers.flush()
                    pid = os.fork()
                    if pid == 0:
                        run_child(script, request, import_changes, (requests.fileno(), wake_r, wake_w))
                    running[pid] = request["id"]
            else:
                try:
                    while os.read(wake_r, 4096):
                        pass
                except BlockingIOError:
                    pass
        while running:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                break
            answers.write(json.dumps({"id": running.pop(pid), "code": os.waitstatus_to_exitcode(status)}).encode() + b"\n")
        answers.flush()


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2:])
