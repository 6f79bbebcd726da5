package testenv

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// SendSlowly sends, on a connection of its own to addr ("host:port"), a request with the
// request line and headers of head ("POST /accounts HTTP/1.1\r\nHost: x\r\n") and a body of
// bodyLen bytes written one byte per interval, as a client on a failing link (or one holding
// connections open on purpose) would. It returns the server's answer, its body read, and how
// long after the headers it came; an error when none came within wait.
func SendSlowly(addr, head string, bodyLen int, interval, wait time.Duration) (*http.Response, []byte, time.Duration, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, nil, 0, err
	}
	defer conn.Close()
	if !strings.HasSuffix(head, "\r\n") {
		head += "\r\n"
	}
	start := time.Now()
	if _, err := fmt.Fprintf(conn, "%sContent-Length: %d\r\n\r\n", head, bodyLen); err != nil {
		return nil, nil, 0, err
	}
	go func() {
		for range bodyLen {
			if _, err := conn.Write([]byte(" ")); err != nil {
				return // the server closed the connection
			}
			time.Sleep(interval)
		}
	}()
	conn.SetReadDeadline(start.Add(wait))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return nil, nil, time.Since(start), fmt.Errorf("no answer after %v: %w", time.Since(start), err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, body, time.Since(start), err
}
