package main

import (
	"context"
	"errors"
)

func runRecord(_ context.Context, e *env) error {
	return errors.New("not built yet")
}
