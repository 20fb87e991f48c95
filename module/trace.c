// SPDX-License-Identifier: GPL-2.0
/*
 * kswapwatch: instantiates the trace events declared in trace.h.  The code
 * that writes a record includes trace.h and calls trace_<event>().
 */
#define CREATE_TRACE_POINTS
#include "trace.h"
