// Command lambdafn is a Lambda function for sechub's events test: run under the Lambda runtime
// interface emulator, it appends each EventBridge event it is invoked with, as aws-lambda-go
// decodes it, to the file $EVENTS_FILE, one JSON line each.
package main

import (
	"context"
	"encoding/json"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func handler(_ context.Context, e events.CloudWatchEvent) (string, error) {
	f, err := os.OpenFile(os.Getenv("EVENTS_FILE"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return "", err
	}
	defer f.Close()
	line, err := json.Marshal(e)
	if err != nil {
		return "", err
	}
	_, err = f.Write(append(line, '\n'))
	return "ok", err
}

func main() { lambda.Start(handler) }
