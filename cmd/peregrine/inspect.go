package main

import (
	"context"
	"errors"
)

func runInspect(_ context.Context, e *env) error {
	return errors.New("not built yet")
}
