/**
 * Small shared types below every other package: the clock the lower layers read, Redis's number
 * syntax (string2ll, strtod), ASCII case folding and random ids. They depend on nothing of ours.
 */
package dev.embeddedcluster.util;
