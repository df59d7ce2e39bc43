#!/usr/bin/python3
"""An SMTP server on 127.0.0.1 for the email receiver's tests (aiosmtpd).

Every message it accepts is written to --out as two files: N.eml, the raw
DATA bytes, and N.env, the envelope and session as "key value" lines:

    at 1700000000.123456     (when DATA ended, Unix seconds)
    helo localhost           (the EHLO/HELO name)
    tls 1                    (1 when the session was encrypted)
    auth alice               (the login that authenticated, if any)
    auth_mechanism PLAIN
    mail_from am@example.org
    mail_option BODY=8BITMIME
    rcpt a@example.org       (one line per RCPT TO)

The first line on stdout is "PORT <n>" once the server listens. It stops on
SIGTERM or when stdin closes. Run it with Debian's /usr/bin/python3, which
has python3-aiosmtpd.
"""

import argparse
import asyncio
import hashlib
import hmac
import os
import signal
import ssl
import sys
import time

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, args):
        self.args = args
        self.count = 0

    @staticmethod
    def _encrypted(server, session):
        # STARTTLS sets session.ssl; TLS from the first byte does not.
        return (session.ssl is not None or
                server.transport.get_extra_info("ssl_object") is not None)

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address in self.args.reject_rcpt:
            return "550 5.1.1 <%s>: Recipient address rejected" % address
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.args.reject_data:
            return self.args.reject_data
        if self.args.fail_first > 0:
            self.args.fail_first -= 1
            return "451 4.3.0 Try again later"
        n = self.count
        self.count += 1
        base = os.path.join(self.args.out, str(n))
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        lines = ["at %.6f" % time.time(),
                 "helo %s" % (session.host_name or ""),
                 "tls %d" % (1 if self._encrypted(server, session) else 0)]
        if session.authenticated:
            login = session.login_data
            if isinstance(login, bytes):
                login = login.decode("utf-8", "replace")
            lines.append("auth %s" % login)
            lines.append("auth_mechanism %s" %
                         getattr(session, "auth_mechanism", ""))
        lines.append("mail_from %s" % envelope.mail_from)
        for o in envelope.mail_options:
            lines.append("mail_option %s" % o)
        for r in envelope.rcpt_tos:
            lines.append("rcpt %s" % r)
        with open(base + ".env.tmp", "w") as f:
            f.write("\n".join(lines) + "\n")
        # The .env file appears last: a reader that sees it sees both.
        os.rename(base + ".eml.tmp", base + ".eml")
        os.rename(base + ".env.tmp", base + ".env")
        return "250 2.0.0 Ok: queued as %d" % n

    async def auth_CRAM__MD5(self, server, args):
        """CRAM-MD5 (RFC 2195) with the --auth login and --cram-secret."""
        challenge = "<%d.%d@sink>" % (os.getpid(), time.time_ns())
        answer = await server.challenge_auth(challenge)
        if not isinstance(answer, bytes):
            return AuthResult(success=False)
        user, _, digest = answer.decode("utf-8", "replace").rpartition(" ")
        want = hmac.new(self.args.cram_secret.encode(), challenge.encode(),
                        hashlib.md5).hexdigest()
        login = self.args.auth.split(":", 1)[0]
        ok = user == login and hmac.compare_digest(digest, want)
        if ok:
            server.session.auth_mechanism = "CRAM-MD5"
        return AuthResult(success=ok, handled=False,
                          auth_data=LoginPassword(user.encode(), b""))


def make_authenticator(args):
    login, _, password = args.auth.partition(":")

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and
              auth_data.login == login.encode() and
              auth_data.password == password.encode())
        if ok:
            session.auth_mechanism = mechanism
        return AuthResult(success=ok, handled=False, auth_data=auth_data)

    return authenticate


def tls_context(args):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(args.cert, args.key)
    if args.client_ca:
        ctx.load_verify_locations(args.client_ca)
        ctx.verify_mode = ssl.CERT_REQUIRED
    return ctx


async def serve(args):
    handler = Handler(args)
    kwargs = {"hostname": "sink.test"}
    if args.smtputf8:
        kwargs["enable_SMTPUTF8"] = True
    if args.starttls:
        kwargs["tls_context"] = tls_context(args)
    if args.auth:
        kwargs["authenticator"] = make_authenticator(args)
        kwargs["auth_require_tls"] = args.auth_require_tls
        if args.auth_exclude:
            kwargs["auth_exclude_mechanism"] = args.auth_exclude
    if not args.cram_secret:
        # Without a secret the handler's CRAM-MD5 is not offered.
        kwargs.setdefault("auth_exclude_mechanism", []).append("CRAM-MD5")
    def protocol():
        smtp = SMTP(handler, **kwargs)
        if not args.aiosmtpd_login_challenges:
            # The challenges most servers send (aiosmtpd's own are "User
            # Name\0" and "Password\0", which Go's LOGIN does not answer).
            smtp.AuthLoginUsernameChallenge = "Username:"
            smtp.AuthLoginPasswordChallenge = "Password:"
        return smtp

    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        protocol, host="127.0.0.1", port=args.port,
        ssl=tls_context(args) if args.implicit_tls else None)
    port = server.sockets[0].getsockname()[1]
    sys.stdout.write("PORT %d\n" % port)
    sys.stdout.flush()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_reader(sys.stdin.fileno(),
                    lambda: stop.set() if not os.read(0, 4096) else None)
    await stop.wait()
    server.close()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--client-ca")
    p.add_argument("--starttls", action="store_true")
    p.add_argument("--implicit-tls", action="store_true")
    p.add_argument("--auth", help="login:password")
    p.add_argument("--auth-require-tls", action="store_true")
    p.add_argument("--auth-exclude", action="append", default=[])
    p.add_argument("--cram-secret")
    p.add_argument("--aiosmtpd-login-challenges", action="store_true",
                   help="keep aiosmtpd's own AUTH LOGIN challenges")
    p.add_argument("--smtputf8", action="store_true")
    p.add_argument("--reject-rcpt", action="append", default=[])
    p.add_argument("--reject-data", help="the answer to every message")
    p.add_argument("--fail-first", type=int, default=0,
                   help="answer the first N messages with 451")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()
