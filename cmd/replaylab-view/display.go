package main

// Ebiten opens its display while its packages are initialised, before
// main runs, and panics when there is none. This constructor runs before
// the Go runtime starts: without a reachable X display it prints one line
// saying how to get one and exits with status 1.

/*
#cgo LDFLAGS: -lX11
#include <stdio.h>
#include <stdlib.h>
#include <X11/Xlib.h>

__attribute__((constructor)) static void replaylab_view_need_display(void) {
	const char *d = getenv("DISPLAY");
	if (d == NULL || d[0] == '\0') {
		fprintf(stderr, "replaylab-view: no display (DISPLAY is not set): the viewer needs an X display; on a machine without one run it under Xvfb, e.g. xvfb-run -a replaylab-view ...\n");
		exit(1);
	}
	Display *x = XOpenDisplay(NULL);
	if (x == NULL) {
		fprintf(stderr, "replaylab-view: cannot open display %s: the viewer needs an X display; start one or run under Xvfb, e.g. xvfb-run -a replaylab-view ...\n", d);
		exit(1);
	}
	XCloseDisplay(x);
}
*/
import "C"
