"""The reader over a real SSH connection, driven through tmux.

A private sshd listens on 127.0.0.1 (free high port, own config and host key,
key-only authentication, no PAM, only the current user allowed; HOME and the
reader's folders point into the test's temporary folder). A shell runs in a
tmux pane (own -L socket); it starts `ssh -tt ... caravan-tui`, keys are sent
and the screen is read; after `q` the shell must be back with the terminal
restored (no alternate screen, cursor shown, mouse reporting off, no stray
escape sequences). sshd is stopped by its pid, tmux by kill-server.
"""

from __future__ import annotations

import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from remote_helpers import (
    READER,
    TRACEBACK,
    TmuxServer,
    missing_binaries,
    non_sgr_escapes,
    reader_command,
)

SSHD = shutil.which("sshd") or ("/usr/sbin/sshd" if Path("/usr/sbin/sshd").exists() else None)
MISSING = missing_binaries("ssh", "ssh-keygen", "tmux") + ([] if SSHD else ["sshd"])
pytestmark = pytest.mark.skipif(bool(MISSING), reason=f"needs OpenSSH and tmux; missing: {', '.join(MISSING)}")

PROMPT = "READY$ "
FIRST_OUTLET, SECOND_OUTLET = "The Epoch Times", "TRT World"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def keygen(path: Path) -> None:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(path)], check=True, timeout=30)


def login_user() -> str:
    """The current user: the reader's Python may sit in a folder only its owner can enter
    (pyenv under /root), so a throwaway account could not run it."""
    return pwd.getpwuid(os.geteuid()).pw_name


def write_sshd_config(folder: Path, port: int, user: str) -> Path:
    config = folder / "sshd_config"
    config.write_text("\n".join([
        f"Port {port}", "ListenAddress 127.0.0.1", f"HostKey {folder / 'host_key'}",
        f"PidFile {folder / 'sshd.pid'}", f"AuthorizedKeysFile {folder / 'authorized_keys'}",
        "PubkeyAuthentication yes", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
        "UsePAM no", "StrictModes no", f"AllowUsers {user}", "PermitRootLogin prohibit-password",
        "X11Forwarding no", "PrintMotd no", "PrintLastLog no", "AcceptEnv COLORTERM", "LogLevel ERROR", "",
    ]))
    return config


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"sshd exited: {process.stderr.read().decode(errors='replace')}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("sshd did not start listening")


@pytest.fixture(scope="module")
def sshd():
    """A running sshd: yields (port, user, client key path, folder for the user's files)."""
    folder = Path(tempfile.mkdtemp(prefix="caravan-sshd-"))
    user = login_user()
    process = None
    try:
        keygen(folder / "host_key")
        keygen(folder / "client_key")
        shutil.copy(folder / "client_key.pub", folder / "authorized_keys")
        (folder / "authorized_keys").chmod(0o644)
        home = folder / "home"
        home.mkdir()
        shutil.chown(home, user=user)
        if os.geteuid() == 0:
            Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege-separation folder
        port = free_port()
        config = write_sshd_config(folder, port, user)
        process = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stderr=subprocess.PIPE)
        wait_for_port(port, process)
        yield port, user, folder / "client_key", home
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def shell_in_tmux():
    server = TmuxServer(prefix="caravan-ssh")
    env = shlex.join(["env", "-u", "COLUMNS", "-u", "LINES", f"PS1={PROMPT}", "sh"])
    server.start(env, 100, 30, keep_dead_pane=False)
    server.wait_for_text(PROMPT.strip())
    yield server
    server.close()


def ssh_command(port: int, user: str, key: Path, home: Path) -> str:
    remote_env = {name: str(home / name.lower()) for name in
                  ("CARAVAN_TUI_CONFIG_DIR", "CARAVAN_TUI_DATA_DIR", "CARAVAN_TUI_CACHE_DIR")}
    remote = reader_command({"HOME": str(home), "TERM": "xterm-256color", **remote_env})
    assert READER in remote
    return shlex.join(["ssh", "-tt", "-i", str(key), "-p", str(port), "-o", "StrictHostKeyChecking=no",
                       "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "BatchMode=yes",
                       f"{user}@127.0.0.1", remote])


def check_terminal_restored(tmux: TmuxServer) -> None:
    flags = tmux.display("#{alternate_on} #{cursor_flag} #{mouse_any_flag} #{mouse_sgr_flag} #{mouse_button_flag}")
    assert flags == "0 1 0 0 0", f"alternate, cursor, mouse flags after exit: {flags}"
    escaped = tmux.screen(escapes=True)
    assert non_sgr_escapes(escaped) == []
    plain = tmux.screen()
    assert TRACEBACK not in plain
    for debris in ("[?", "[<", "^[", "\x1b"):
        assert debris not in plain, f"stray {debris!r} on screen:\n{plain}"


def test_reader_over_ssh(sshd, shell_in_tmux):
    port, user, key, home = sshd
    tmux = shell_in_tmux
    for name in ("caravan_tui_config_dir", "caravan_tui_data_dir", "caravan_tui_cache_dir"):
        folder = home / name
        folder.mkdir(exist_ok=True)
        shutil.chown(folder, user=user)
    tmux.literal(ssh_command(port, user, key, home))
    tmux.keys("Enter")
    # the whole first frame: the open article, its passage cursor and the article list (a capture may land mid-frame)
    tmux.wait_for(lambda s: FIRST_OUTLET in s and "▌" in s and SECOND_OUTLET in s, timeout=30,
                  what="the reader over SSH")
    assert tmux.display("#{alternate_on}") == "1"

    tmux.keys("j", "Enter")  # the second article, from the list
    tmux.wait_for(lambda s: f"━ {SECOND_OUTLET} ━" in s, what="the second article open")
    tmux.keys("j")  # a passage both outlets carry ("~"), not TRT World's own standfirst
    tmux.wait_for(lambda s: "┃▌~" in s, what="the cursor on a shared passage")
    tmux.keys("s")  # the same passage in the next outlet
    tmux.wait_for(lambda s: f"━ {FIRST_OUTLET} ━" in s, what="s to switch to the other outlet")

    notes_shown = "─ Notes ─" in tmux.screen()  # at 100 columns the panel is shown, and the key hides it
    tmux.keys("\\")  # the notes panel
    tmux.wait_for(lambda s: ("─ Notes ─" in s) != notes_shown, what="\\ to toggle the notes panel")
    tmux.keys("\\")
    tmux.wait_for(lambda s: ("─ Notes ─" in s) == notes_shown, what="\\ to toggle it back")
    tmux.keys("?")
    tmux.wait_for_text("escape closes")
    tmux.keys("Escape")
    tmux.wait_for(lambda s: "escape closes" not in s, timeout=3, what="Esc to close help over SSH")

    tmux.keys("q")
    tmux.wait_for(lambda s: s.rstrip().endswith(PROMPT.strip()), timeout=15, what="the shell prompt after q")
    check_terminal_restored(tmux)
    tmux.literal("echo back-$((40+2))")
    tmux.keys("Enter")
    tmux.wait_for_text("back-42")  # typed text echoes and runs: the tty is sane again
