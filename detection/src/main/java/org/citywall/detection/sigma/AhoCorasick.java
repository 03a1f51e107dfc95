package org.citywall.detection.sigma;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * Finds every one of many literal strings in a text in one pass (Aho-Corasick), reporting the
 * payload of each string found. The rule index uses it so that testing an event against thousands
 * of "must contain" literals costs one scan of each indexed field, not one scan per rule.
 */
final class AhoCorasick implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Dense transition tables are built while nodes × alphabet stays below this many entries. */
    private static final int MAX_DENSE = 4_000_000;

    private final char[][] keys;
    private final int[][] next;
    private final int[] fail;
    private final int[][] out;
    /** Alphabet index of each ASCII character, -1 when no pattern contains it. */
    private final int[] asciiIndex = new int[128];
    /** Alphabet index of the other characters patterns contain. */
    private final java.util.Map<Character, Integer> otherIndex = new java.util.HashMap<>();
    private final int alphabet;
    /**
     * Full transition function (goto with failures folded in), node * alphabet + letter; null when too
     * big. A target node that ends a pattern is stored as its complement ({@code ~node}, negative), so
     * the search looks at the output lists only on the few steps that report something. Not serialised (it is most of the size, and rule sets travel as Flink broadcast state):
     * rebuilt from the trie when read back.
     */
    private transient int[] delta;

    AhoCorasick(List<String> patterns, List<Integer> payloads) {
        List<TreeMap<Character, Integer>> trie = new ArrayList<>();
        List<List<Integer>> outs = new ArrayList<>();
        trie.add(new TreeMap<>());
        outs.add(new ArrayList<>());
        for (int p = 0; p < patterns.size(); p++) {
            int node = 0;
            for (char c : patterns.get(p).toCharArray()) {
                Integer child = trie.get(node).get(c);
                if (child == null) {
                    child = trie.size();
                    trie.add(new TreeMap<>());
                    outs.add(new ArrayList<>());
                    trie.get(node).put(c, child);
                }
                node = child;
            }
            outs.get(node).add(payloads.get(p));
        }
        int n = trie.size();
        // nodes renumbered breadth-first: the root and the shallow nodes, where a search spends most of
        // its steps, get the first rows of the transition table and share cache lines
        int[] id = new int[n];
        int[] byId = new int[n];
        ArrayDeque<Integer> order = new ArrayDeque<>();
        order.add(0);
        for (int numbered = 1, k = 0; !order.isEmpty(); k++) {
            int node = order.poll();
            byId[k] = node;
            for (int child : trie.get(node).values()) {
                id[child] = numbered++;
                order.add(child);
            }
        }
        List<List<Integer>> renumberedOuts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            renumberedOuts.add(outs.get(byId[i]));
        }
        outs = renumberedOuts;
        keys = new char[n][];
        next = new int[n][];
        fail = new int[n];
        for (int i = 0; i < n; i++) {
            TreeMap<Character, Integer> t = trie.get(byId[i]);
            keys[i] = new char[t.size()];
            next[i] = new int[t.size()];
            int j = 0;
            for (var e : t.entrySet()) {
                keys[i][j] = e.getKey();
                next[i][j++] = id[e.getValue()];
            }
        }
        // breadth-first: a node's failure link is the longest proper suffix that is also in the trie
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int child : next[0]) {
            fail[child] = 0;
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            int node = queue.poll();
            for (int j = 0; j < keys[node].length; j++) {
                char c = keys[node][j];
                int child = next[node][j];
                int f = fail[node];
                while (f != 0 && step(f, c) < 0) {
                    f = fail[f];
                }
                int s = step(f, c);
                fail[child] = s >= 0 && s != child ? s : 0;
                outs.get(child).addAll(outs.get(fail[child]));
                queue.add(child);
            }
        }
        out = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = outs.get(i).stream().distinct().mapToInt(Integer::intValue).toArray();
        }
        Arrays.fill(asciiIndex, -1);
        int letters = 0;
        for (char[] ks : keys) {
            for (char c : ks) {
                if (c < 128 ? asciiIndex[c] < 0 : !otherIndex.containsKey(c)) {
                    if (c < 128) {
                        asciiIndex[c] = letters++;
                    } else {
                        otherIndex.put(c, letters++);
                    }
                }
            }
        }
        alphabet = letters;
        delta = (long) n * letters <= MAX_DENSE ? dense(n) : null;
    }

    /**
     * A DFA: in breadth-first order every node's missing transitions are its failure node's, so the
     * search takes exactly one table step per character. A character no pattern contains leads to the root.
     */
    private int[] dense(int n) {
        int[] d = new int[n * alphabet];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(0);
        while (!queue.isEmpty()) {
            int node = queue.poll();
            int f = fail[node];
            for (int a = 0; a < alphabet; a++) {
                d[node * alphabet + a] = node == 0 ? 0 : d[f * alphabet + a];
            }
            for (int j = 0; j < keys[node].length; j++) {
                int child = next[node][j];
                d[node * alphabet + letter(keys[node][j])] = out[child].length > 0 ? ~child : child;
                queue.add(child);
            }
        }
        return d;
    }

    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        delta = (long) keys.length * alphabet <= MAX_DENSE ? dense(keys.length) : null;
    }

    private int letter(char c) {
        if (c < 128) {
            return asciiIndex[c];
        }
        Integer i = otherIndex.get(c);
        return i == null ? -1 : i;
    }

    private int step(int node, char c) {
        int j = Arrays.binarySearch(keys[node], c);
        return j >= 0 ? next[node][j] : -1;
    }

    /** Reports the payload of every pattern occurring in {@code text} (a payload may be reported more than once). */
    void search(String text, IntConsumer found) {
        if (delta != null) {
            searchDense(text, found);
            return;
        }
        int node = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int s;
            while ((s = step(node, c)) < 0 && node != 0) {
                node = fail[node];
            }
            node = s < 0 ? 0 : s;
            for (int p : out[node]) {
                found.accept(p);
            }
        }
    }

    private void searchDense(String text, IntConsumer found) {
        int node = 0;
        int[] d = delta;
        int a = alphabet;
        int[] ascii = asciiIndex;
        for (int i = 0, len = text.length(); i < len; i++) {
            char c = text.charAt(i);
            int l = c < 128 ? ascii[c] : letter(c);
            if (l < 0) {
                node = 0;
                continue;
            }
            int t = d[node * a + l];
            if (t >= 0) {
                node = t;
                continue;
            }
            node = ~t;
            for (int p : out[node]) {
                found.accept(p);
            }
        }
    }

    int size() {
        return keys.length;
    }
}
