#!/bin/sh
# Builds the two-endpoint WAR, starts Payara Micro on a loopback port, runs HandshakeReset against it, counts the
# NullPointerExceptions in the server log, and stops the server.
# Usage: run.sh payara-micro.jar jakartaee-web-api.jar [innocent handshakes] [neighbours] [Payara Micro arguments...]
# neighbours: reset, closed:/echo/closing or closed-quietly:/echo/closing (add ?delayMs=N to close N ms after
# opening); default closed:/echo/closing.
# NEIGHBOURS=n sets how many neighbour connections run at once (2); JAVA_OPTS go to the server JVM; SETTINGS holds
# asadmin commands (one a line) run after boot, e.g. SETTINGS='set configs.config.server-config...http2-enabled=false'.
set -eu
jar=$1 api=$2 handshakes=${3:-10000} neighbours=${4:-closed:/echo/closing}
shift 2; [ $# -gt 0 ] && shift; [ $# -gt 0 ] && shift
here=$(cd "$(dirname "$0")" && pwd)
work=${WORK:-$(mktemp -d)}
mkdir -p "$work/war/WEB-INF/classes" "$work/client"
javac -d "$work/war/WEB-INF/classes" -cp "$api" "$here/EchoEndpoint.java" "$here/ClosingEndpoint.java"
(cd "$work/war" && jar cf ../echo.war .)
javac -d "$work/client" "$here/HandshakeReset.java"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Listens on loopback only.
printf '%s\n%s\n' "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1" \
    "${SETTINGS:-}" > "$work/postboot.txt"
java ${JAVA_OPTS:-} -jar "$jar" --deploy "$work/echo.war" --contextroot /echo --port "$port" --nocluster \
    --postbootcommandfile "$work/postboot.txt" "$@" > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server' EXIT
until grep -q "ready in" "$work/server.log"; do
    kill -0 $server || { cat "$work/server.log"; exit 1; }
    sleep 1
done
java -cp "$work/client" HandshakeReset "127.0.0.1:$port" /echo/ws "$handshakes" 4 "${NEIGHBOURS:-2}" "$neighbours"
echo "NullPointerExceptions in the server log ($work/server.log): $(grep -c NullPointerException "$work/server.log" || true)"
