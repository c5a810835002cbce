package main

import (
	"context"
	"errors"
)

func runDump(_ context.Context, e *env) error {
	return errors.New("not built yet")
}
