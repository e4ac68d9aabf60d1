package dev.embeddedcluster.examples.spring;

import org.springframework.data.repository.CrudRepository;

import java.util.List;

/** Spring Data's repository over {@link Person} hashes. */
public interface PersonRepository extends CrudRepository<Person, String> {
    List<Person> findByCity(String city);
}
