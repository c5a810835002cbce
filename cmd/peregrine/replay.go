package main

import (
	"context"
	"errors"
)

func runReplay(_ context.Context, e *env) error {
	return errors.New("not built yet")
}
