import code
import socket


def start_console(port=4444):
    server = socket.create_server(("127.0.0.1", port))
    conn, _ = server.accept()
    console = code.InteractiveConsole()
    with conn, conn.makefile("rw") as stream:
        for line in stream:
            console.push(line.rstrip("\n"))
