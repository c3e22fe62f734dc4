/** The conformance kit: suites that run against every component a module declares. */
package io.quapr.conformance;
