package main

import (
	"context"
	"errors"
)

func runConvert(_ context.Context, e *env) error {
	return errors.New("not built yet")
}
