package io.tcbatch.dsl;

import groovy.lang.Closure;
import groovy.lang.DelegatingMetaClass;
import groovy.lang.MetaClass;

/**
 * The meta class of a {@code batch { }} block, so that {@code each { item -> … }} in it reaches
 * {@link BatchSpec#each}. A closure looks a call up on itself before its delegate, and Groovy
 * gives every object an {@code each(Closure)} (iterate over it): unhelped, the block's
 * {@code each} would run the hook once, at once, on the block itself.
 */
final class EachToDelegate extends DelegatingMetaClass {
    EachToDelegate(MetaClass closureMetaClass) {
        super(closureMetaClass);
        initialize();
    }

    /** {@code closure}, its {@code each} sent to its {@link BatchSpec} delegate. */
    static <T extends Closure<?>> T apply(T closure) {
        closure.setMetaClass(new EachToDelegate(closure.getMetaClass()));
        return closure;
    }

    private static boolean isEach(Object receiver, String name, Object[] args) {
        return "each".equals(name) && receiver instanceof Closure<?> c && c.getDelegate() instanceof BatchSpec
                && args != null && args.length == 1 && args[0] instanceof Closure<?>;
    }

    @Override
    public Object invokeMethod(Object object, String methodName, Object[] arguments) {
        if (isEach(object, methodName, arguments)) {
            ((BatchSpec) ((Closure<?>) object).getDelegate()).each((Closure<?>) arguments[0]);
            return null;
        }
        return super.invokeMethod(object, methodName, arguments);
    }

    @Override
    public Object invokeMethod(Object object, String methodName, Object arguments) {
        if (arguments instanceof Object[] a) {
            return invokeMethod(object, methodName, a);
        }
        return invokeMethod(object, methodName, arguments == null ? new Object[0] : new Object[] {arguments});
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Object invokeMethod(Class sender, Object receiver, String methodName, Object[] arguments,
            boolean isCallToSuper, boolean fromInsideClass) {
        if (!isCallToSuper && isEach(receiver, methodName, arguments)) {
            ((BatchSpec) ((Closure<?>) receiver).getDelegate()).each((Closure<?>) arguments[0]);
            return null;
        }
        return super.invokeMethod(sender, receiver, methodName, arguments, isCallToSuper, fromInsideClass);
    }
}
