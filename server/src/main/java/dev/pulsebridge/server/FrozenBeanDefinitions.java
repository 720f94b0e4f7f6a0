package dev.pulsebridge.server;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.Ordered;

/**
 * Declares the bean definitions final once every other post-processor has run, instead of just before
 * the remaining singletons are created.
 *
 * <p>Spring caches "which beans are of type T" only once the configuration is frozen. Boot creates the
 * web server (and with it HAPI's RestfulServer, its ~160 resource DAOs and everything they autowire)
 * before that point, so each of the DAOs' thousands of by-type injections scanned every bean definition
 * again: about 15% of the startup CPU in a JFR profile. Nothing registers bean definitions after the
 * post-processors; one that did would still work, Spring clears the cache when a definition is added.
 */
final class FrozenBeanDefinitions implements BeanFactoryPostProcessor, Ordered {

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        beanFactory.freezeConfiguration();
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
