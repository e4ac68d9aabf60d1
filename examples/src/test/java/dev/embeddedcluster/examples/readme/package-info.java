/** The README's snippets, word for word, so that they are known to work. */
package dev.embeddedcluster.examples.readme;
