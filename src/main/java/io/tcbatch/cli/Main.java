package io.tcbatch.cli;

public final class Main {
    public static void main(String[] args) {
        System.out.println("tcbatch");
    }
}
